package client

import (
	"context"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/transport"
)

// ErrCannotCosign means an account is not a guardian of the patient holding the co-sign scope
// now (never named, named without it, past its validity, or not an active participant).
var ErrCannotCosign = errors.New("not a guardian who may co-sign for the patient now")

// CosigningGuardians lists the patient's guardians who may co-sign her record versions now (the
// co-sign scope, inside their validity, active): the accounts a draft's author seals the data
// key to by default, so that one of them can approve it where she cannot.
func (e *Env) CosigningGuardians(ctx context.Context, patient common.Address) ([]common.Address, error) {
	set, err := e.GuardiansOf(ctx, patient)
	if err != nil {
		return nil, err
	}
	var out []common.Address
	for _, g := range set.Guardians {
		if g.Scopes&ScopeCosign == 0 {
			continue
		}
		ok, err := e.CanAct(ctx, patient, g.Address, ScopeCosign)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, g.Address)
		}
	}
	return out, nil
}

// checkCosigner refuses an account that may not co-sign for the patient now.
func (e *Env) checkCosigner(ctx context.Context, patient, guardian common.Address) error {
	ok, err := e.CanAct(ctx, patient, guardian, ScopeCosign)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%s is %w (patient %s)", guardian, ErrCannotCosign, patient)
	}
	return nil
}

// cosignerKeys checks the guardians a draft is to be sealed to and returns their transport keys,
// in order. A patient-authored version is the patient's own act: nobody co-signs it for her.
func (e *Env) cosignerKeys(ctx context.Context, author, patient common.Address, guardians []common.Address) ([]*transport.PublicKey, error) {
	if len(guardians) == 0 {
		return nil, nil
	}
	if author == patient {
		return nil, errors.New("a patient-authored version is signed by the patient alone: no guardian can co-sign it")
	}
	keys := make([]*transport.PublicKey, 0, len(guardians))
	seen := map[common.Address]bool{}
	for _, g := range guardians {
		switch {
		case g == patient:
			return nil, fmt.Errorf("co-signer %s is the patient herself", g)
		case seen[g]:
			return nil, fmt.Errorf("co-signer %s is named twice", g)
		}
		seen[g] = true
		if err := e.checkCosigner(ctx, patient, g); err != nil {
			return nil, err
		}
		k, err := e.TransportKeyOf(ctx, g)
		if err != nil {
			return nil, fmt.Errorf("co-signing guardian: %w", err)
		}
		keys = append(keys, k)
	}
	return keys, nil
}

// cosignRefused explains the chain refusing a guardian's approval: between approving and
// submitting, the guardian lost the right (scope removed, validity over, suspended).
func cosignRefused(err error, d *Draft, a *Approval) error {
	var re *contracts.RevertError
	if a.Signer == (common.Address{}) || a.Signer == d.Patient || !errors.As(err, &re) || re.Name != "InvalidPatientSignature" {
		return err
	}
	return fmt.Errorf("the approval was signed by %s, who may no longer co-sign for patient %s (its co-sign scope was removed, its validity ended, or it is not active): %w",
		a.Signer, d.Patient, err)
}
