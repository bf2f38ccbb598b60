package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/emrchain/emrchain/client"
)

// An attribute read's blinding factor unblinds the committee's shares: it is kept (0600, in a
// 0700 directory of the data directory) before the request is sent, so that a read interrupted
// while waiting for the committee is finished later with `record get --read ID` rather than
// requested, and audited, twice.
type keptRead struct {
	RecordID common.Hash   `json:"recordId"`
	ReadID   uint64        `json:"readId,omitempty"`
	Blinding hexutil.Bytes `json:"blinding"`
	Request  hexutil.Bytes `json:"request"`
}

func readsDir(s *session) string { return filepath.Join(dataDir(s.c), "reads") }

// keepRead saves a read's blinding before its request is sent.
func keepRead(s *session, recordID [32]byte, blinding, request []byte) error {
	dir := readsDir(s)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	b, err := json.Marshal(keptRead{RecordID: recordID, Blinding: blinding, Request: request})
	if err != nil {
		return err
	}
	sum := sha256.Sum256(request)
	return os.WriteFile(filepath.Join(dir, "request-"+hex.EncodeToString(sum[:8])+".json"), b, 0o600)
}

// forgetRead removes what was kept for a read once it is finished (or never sent).
func forgetRead(s *session, request []byte) {
	sum := sha256.Sum256(request)
	_ = os.Remove(filepath.Join(readsDir(s), "request-"+hex.EncodeToString(sum[:8])+".json"))
}

// findRead finds the kept blinding of read id, matching the blinded point the chain holds.
func findRead(s *session, env *client.Env, id uint64) (*client.PendingRead, error) {
	r, err := bind.Call(env.Set.Reads.BoundContract, &bind.CallOpts{Context: s.ctx}, env.Set.Reads.ABI.PackRead(id), env.Set.Reads.ABI.UnpackRead)
	if err != nil {
		return nil, fmt.Errorf("read %d: %w", id, err)
	}
	if r.Requester == (common.Address{}) {
		return nil, fmt.Errorf("attribute read %d does not exist", id)
	}
	if p := findKept(s, id, r.BlindedHash); p != nil {
		return p, nil
	}
	return nil, errors.New("this machine kept no blinding for attribute read " + strconv.FormatUint(id, 10) +
		" (it was requested elsewhere, or finished already): request a new read with `emrchain record get --abe-key FILE --record ID`")
}

// findKept finds the kept blinding whose blinded point hashes to blindedHash (what the gate
// stores for read id), nil when this machine kept none.
func findKept(s *session, id uint64, blindedHash [32]byte) *client.PendingRead {
	files, _ := filepath.Glob(filepath.Join(readsDir(s), "request-*.json"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		var k keptRead
		if json.Unmarshal(b, &k) != nil || len(k.Request) < 68 {
			continue
		}
		if crypto.Keccak256Hash(k.Request[35:68]) == blindedHash {
			return &client.PendingRead{ReadID: id, RecordID: k.RecordID, Blinding: k.Blinding, Request: k.Request}
		}
	}
	return nil
}
