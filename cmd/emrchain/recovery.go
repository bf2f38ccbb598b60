package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/identity"
)

func recoveryCommand() *cli.Command {
	return &cli.Command{
		Name:  "recovery",
		Usage: "recover a patient's keys from t of n holders' shares when her device is lost",
		Description: "Setup (the patient): her client seals a backup of her secrets (account key, record seed, PRE and " +
			"transport keys) under a random backup key, splits that key t-of-n among holders (guardians, relatives, " +
			"proxies: enrolled participants) so that no holder, nor any t-1 of them, learns anything, and publishes " +
			"commitments to the shares on chain. Recovery: the patient makes a new identity on her new device " +
			"(`keys new`) and tells a holder its address and transport key out of band; the holder files `recovery " +
			"request`; during the delay she chose, her old key can `recovery cancel` it; after it, t holders run " +
			"`recovery share`; the new device runs `recovery recover` and gets her identity and seed back.",
		Subcommands: []*cli.Command{
			{
				Name:  "setup",
				Usage: "as the patient, make her secrets recoverable by any t of the named holders",
				Flags: []cli.Flag{
					asFlag("the patient"),
					&cli.StringFlag{Name: "holders", Usage: "comma-separated holder `ADDRESSES`, enrolled participants, in share order (required)"},
					&cli.UintFlag{Name: "threshold", Usage: "`T` holders needed to recover (required)"},
					spanFlag("delay", "how long the patient's old key can cancel a recovery request, 1d to 30d (default 3d)"),
					seedPasswordFlag(""),
				},
				Action: action(recoverySetup),
			},
			{
				Name:   "show",
				Usage:  "print a patient's recovery configuration and any request in progress",
				Flags:  patientOrSelfFlags(),
				Action: action(recoveryShow),
			},
			{
				Name:  "request",
				Usage: "as a holder, ask to recover a patient's secrets to her new device (she is notified and may cancel during her delay)",
				Flags: []cli.Flag{
					asFlag("a holder"),
					&cli.StringFlag{Name: "patient", Usage: "the patient's `ADDRESS` (required)"},
					&cli.StringFlag{Name: "new-account", Usage: "the new device's account `ADDRESS`, as `keys show` prints it (required)"},
					&cli.StringFlag{Name: "new-transport-key", Usage: "the new device's transport `KEY` (0x hex), as `keys show` prints it (required)"},
				},
				Action: action(recoveryRequest),
			},
			{
				Name:   "cancel",
				Usage:  "as the patient (her old key), cancel a recovery request during its delay",
				Flags:  []cli.Flag{asFlag("the patient"), idFlag("request", "recovery request")},
				Action: action(recoveryCancel),
			},
			{
				Name:    "share",
				Aliases: []string{"release"},
				Usage:   "as a holder, release its share to the request's new device (after the delay)",
				Flags:   []cli.Flag{asFlag("a holder"), idFlag("request", "recovery request")},
				Action:  action(recoveryShare),
			},
			{
				Name:  "recover",
				Usage: "on the new device, combine the released shares and restore the patient's identity and record seed",
				Flags: []cli.Flag{
					asFlag("the new device's identity, whose transport key the request names"),
					idFlag("request", "recovery request"),
					&cli.StringFlag{Name: "out-dir", Usage: "write the restored identity to `DIR`, which must not hold one (required)"},
					&cli.BoolFlag{Name: "light", Usage: "cheap key derivation for the restored files, for development keys only"},
					seedPasswordFlag(""),
				},
				Action: action(recoveryRecover),
			},
		},
	}
}

func recoverySetup(s *session) error {
	holdersText, err := requireString(s.c, "holders", "the holders' addresses, comma-separated")
	if err != nil {
		return err
	}
	var holders []common.Address
	for _, h := range strings.Split(holdersText, ",") {
		a, err := parseAddress("holders", strings.TrimSpace(h))
		if err != nil {
			return err
		}
		holders = append(holders, a)
	}
	if !s.c.IsSet("threshold") {
		return errMissingFlag("threshold", "how many holders are needed to recover")
	}
	t := int(s.c.Uint("threshold"))
	if t < 1 || t > len(holders) {
		return usageErrorf("bad --threshold %d: want 1 to %d (the number of holders)", t, len(holders))
	}
	delay := 3 * 24 * time.Hour
	if v := s.c.String("delay"); v != "" {
		if delay, err = parseSpan("delay", v); err != nil {
			return err
		}
	}
	patient, err := s.patientFrom("the patient's identity")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	setup, err := env.SetupRecovery(s.ctx, patient, holders, t, delay)
	if err != nil {
		return err
	}
	var named []string
	for i, h := range holders {
		named = append(named, fmt.Sprintf("share %d: %s", i+1, h.Hex()))
	}
	return s.out.emit(kv("patient", patient.Address()), kv("generation", setup.Generation), kv("threshold", fmt.Sprintf("%d of %d", t, len(holders))),
		kv("holders", lines(named)), kv("delay", delay.String()), kv("backup", cidText(setup.BackupRef)), kv("shares", cidText(setup.SharesRef)),
		kv("tx", setup.Tx))
}

func recoveryShow(s *session) error {
	patient, err := patientOrSelf(s)
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	cfg, err := env.RecoveryConfig(s.ctx, patient)
	if err != nil {
		return err
	}
	if cfg.Generation == 0 {
		return s.out.emit(kv("patient", patient), kv("recovery", "not configured: the patient runs `emrchain recovery setup`"))
	}
	conf, err := env.RecoveryConfigurationOf(s.ctx, patient, cfg.Generation)
	if err != nil {
		return err
	}
	var named []string
	for i, h := range conf.Holders {
		named = append(named, fmt.Sprintf("share %d: %s", i+1, h.Hex()))
	}
	fields := []field{kv("patient", patient), kv("generation", cfg.Generation), kv("threshold", fmt.Sprintf("%d of %d", cfg.Threshold, cfg.Holders)),
		kv("holders", lines(named)), kv("delay", conf.Delay.String())}
	if cfg.OpenRequest != 0 {
		q, err := env.RecoveryRequest(s.ctx, cfg.OpenRequest)
		if err != nil {
			return err
		}
		fields = append(fields, kv("request", cfg.OpenRequest), kv("requestStatus", client.RecoveryStatusName(q.Status)),
			kv("sharesReleased", q.Releases), kv("readyAt", time.Unix(int64(q.ReadyAt), 0).UTC()), kv("newAccount", q.NewAccount))
	}
	return s.out.emit(fields...)
}

func recoveryRequest(s *session) error {
	patient, err := addressFlag(s, "patient", "the patient whose secrets to recover")
	if err != nil {
		return err
	}
	newAccount, err := addressFlag(s, "new-account", "the new device's account address")
	if err != nil {
		return err
	}
	keyText, err := requireString(s.c, "new-transport-key", "the new device's transport key (0x hex)")
	if err != nil {
		return err
	}
	key, err := parseHash32("new-transport-key", keyText)
	if err != nil {
		return err
	}
	holder, env, err := actorEnv(s, "the holder's identity")
	if err != nil {
		return err
	}
	id, tx, err := env.RequestRecovery(s.ctx, holder, patient, newAccount, key)
	if err != nil {
		return err
	}
	q, err := env.RecoveryRequest(s.ctx, id)
	if err != nil {
		return err
	}
	return s.out.emit(kv("request", id), kv("patient", patient), kv("newAccount", newAccount),
		kv("readyAt", time.Unix(int64(q.ReadyAt), 0).UTC()), kv("tx", tx),
		kv("next", fmt.Sprintf("the patient may cancel until readyAt; then each holder runs `emrchain recovery share --request %d`", id)))
}

func recoveryCancel(s *session) error {
	id, err := uintFlag(s, "request", "the recovery request to cancel")
	if err != nil {
		return err
	}
	patient, env, err := actorEnv(s, "the patient's identity")
	if err != nil {
		return err
	}
	tx, err := env.CancelRecovery(s.ctx, patient, id)
	if err != nil {
		return err
	}
	return s.out.emit(kv("request", id), kv("status", "cancelled"), kv("tx", tx))
}

func recoveryShare(s *session) error {
	id, err := uintFlag(s, "request", "the recovery request to release a share for")
	if err != nil {
		return err
	}
	holder, env, err := actorEnv(s, "the holder's identity")
	if err != nil {
		return err
	}
	tx, index, err := env.ReleaseShare(s.ctx, holder, id)
	if err != nil {
		return err
	}
	q, err := env.RecoveryRequest(s.ctx, id)
	if err != nil {
		return err
	}
	return s.out.emit(kv("request", id), kv("share", index), kv("released", q.Releases), kv("status", client.RecoveryStatusName(q.Status)), kv("tx", tx))
}

func recoveryRecover(s *session) error {
	id, err := uintFlag(s, "request", "the recovery request whose shares to combine")
	if err != nil {
		return err
	}
	out, err := requireString(s.c, "out-dir", "the directory to write the restored identity to")
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(out, identity.AccountFile)); err == nil {
		return fmt.Errorf("--out-dir %s already holds an identity: choose an empty directory", out)
	}
	device, env, err := actorEnv(s, "the new device's identity")
	if err != nil {
		return err
	}
	restored, err := env.Recover(s.ctx, device, id)
	if err != nil {
		if errors.Is(err, client.ErrNotEnoughShares) && restored != nil && len(restored.Bad) > 0 {
			return fmt.Errorf("%w; shares %v did not match their commitments", err, restored.Bad)
		}
		return err
	}
	pass, err := s.newPassphrase("")
	if err != nil {
		return err
	}
	seedPass, err := s.seedPassphrase("seed-password-file", true)
	if err != nil {
		return err
	}
	strength := identity.Standard
	if s.c.Bool("light") {
		strength = identity.Light
	}
	if err := identity.Restore(out, restored.Identity, pass, seedPass, strength, nil); err != nil {
		return err
	}
	restored.Identity.Seed.Wipe()
	pre, _ := restored.Identity.PRE.Public().MarshalBinary()
	return s.out.emit(kv("patient", restored.Patient), kv("restoredTo", out), kv("sharesUsed", fmt.Sprint(restored.Used)),
		kv("preKey", hexutil.Bytes(pre)),
		kv("note", "rotate your keys now: whoever had the lost device may still hold them (and rewrap your records with `emrchain record rewrap`)"))
}
