// Package client performs emrchain's protocol steps for each role, as docs/protocol.md lays them
// out: providers seal and register records, patients co-sign, grant and index, requesters ask,
// search and read, admins enrol, attribute authorities assign. The demo, the CLI and the
// end-to-end tests all act through it, so there is one implementation of the protocol.
package client

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ipfs/go-cid"

	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/cpabe"
	"github.com/emrchain/emrchain/crypto/pre"
	"github.com/emrchain/emrchain/crypto/recordkey"
	"github.com/emrchain/emrchain/crypto/transport"
	"github.com/emrchain/emrchain/storage"
)

// Roles as the Registry numbers them.
const (
	RolePatient            = contracts.RolePatient
	RoleProvider           = contracts.RoleProvider
	RoleRequester          = contracts.RoleRequester
	RoleOracle             = contracts.RoleOracle
	RoleAttributeAuthority = contracts.RoleAttributeAuthority
	RoleProxy              = contracts.RoleProxy
)

// RoleName names a Registry role.
func RoleName(r uint8) string { return contracts.RoleName(r) }

// ParseRole is the inverse of RoleName.
func ParseRole(s string) (uint8, error) { return contracts.ParseRole(s) }

var (
	// ErrHashMismatch means an object fetched from IPFS does not hash to what the chain says.
	ErrHashMismatch = errors.New("object hash differs from the on-chain hash")
	// ErrRejected means the chain (a gate contract, for a committee's answers) or the key oracle
	// rejected the request; the error names the reason.
	ErrRejected = errors.New("rejected")
	// ErrNoSeed means a step needs the patient's record seed and the identity has none loaded.
	ErrNoSeed = errors.New("the patient's record seed is not loaded")
)

// Backend is the chain client the roles need.
type Backend interface {
	contracts.Backend
	ChainID(ctx context.Context) (*big.Int, error)
}

// Env is what every role acts against: one deployment, its chain and its IPFS store.
type Env struct {
	Backend Backend
	Set     *contracts.Set
	Store   storage.Store
	ChainID *big.Int
	// ABIPublicKey is the key authority's CP-ABE public key; a patient's client needs it to
	// build the gate object of a record with a policy.
	ABIPublicKey *cpabe.PublicKey
	// Rand is the randomness source; nil means crypto/rand.
	Rand io.Reader
	// Sending, if set, is told each transaction's hash just before it is broadcast: a command
	// can record it durably and print it, and if it is then interrupted say which transaction
	// may still be mined.
	Sending func(action string, hash common.Hash)
	// ReadProgress, if set, is called as a sealed record is fetched and opened (co-signing,
	// reading), with the sealed bytes read so far and the object's size.
	ReadProgress func(done, total int64)
}

// Identity is one participant's secrets. PRE and Transport may be nil for roles that never
// receive re-encryptions or sealed deliveries. Seed is a patient's record seed, from its own
// keyfile with its own passphrase: every per-record key, and every index key, derives from it.
// It is loaded only for the steps that need it (nil otherwise).
type Identity struct {
	Name      string
	Key       *ecdsa.PrivateKey
	PRE       *pre.PrivateKey
	Transport *transport.PrivateKey
	Seed      *recordkey.Seed
}

// Address is the identity's Ethereum address.
func (id *Identity) Address() common.Address { return crypto.PubkeyToAddress(id.Key.PublicKey) }

// NewIdentity creates an identity with fresh PRE and transport keys around an account key.
func NewIdentity(name string, key *ecdsa.PrivateKey, random io.Reader) (*Identity, error) {
	preKey, err := pre.GenerateKey(random)
	if err != nil {
		return nil, fmt.Errorf("identity %s: PRE key: %w", name, err)
	}
	tk, err := transport.GenerateKey(random)
	if err != nil {
		return nil, fmt.Errorf("identity %s: transport key: %w", name, err)
	}
	return &Identity{Name: name, Key: key, PRE: preKey, Transport: tk}, nil
}

// Tx is one transaction a role sent, for transcripts and gas reports.
type Tx struct {
	Action  string      `json:"action"`
	From    string      `json:"from"`
	Hash    common.Hash `json:"txHash"`
	Block   uint64      `json:"block"`
	GasUsed uint64      `json:"gasUsed"`
}

func (e *Env) opts(id *Identity) *bind.TransactOpts {
	return bind.NewKeyedTransactor(id.Key, e.ChainID)
}

// send sends calldata as id and waits for it to be mined.
func (e *Env) send(ctx context.Context, id *Identity, action string, c *bind.BoundContract, data []byte) (*Tx, *types.Receipt, error) {
	var sending func(*types.Transaction)
	if e.Sending != nil {
		sending = func(tx *types.Transaction) { e.Sending(action, tx.Hash()) }
	}
	rcpt, err := contracts.SendNotify(ctx, e.Backend, e.opts(id), c, data, sending)
	if err != nil {
		return nil, rcpt, fmt.Errorf("%s as %s: %w", action, id.Name, err)
	}
	return &Tx{Action: action, From: id.Name, Hash: rcpt.TxHash, Block: rcpt.BlockNumber.Uint64(), GasUsed: rcpt.GasUsed}, rcpt, nil
}

func (e *Env) call() *bind.CallOpts { return &bind.CallOpts{} }

// putBytes stores b on IPFS and returns its binary CID and SHA-256.
func (e *Env) putBytes(ctx context.Context, b []byte) ([]byte, [32]byte, error) {
	c, err := e.Store.Put(ctx, bytes.NewReader(b))
	if err != nil {
		return nil, [32]byte{}, fmt.Errorf("store on IPFS: %w", err)
	}
	return c.Bytes(), sha256.Sum256(b), nil
}

// getBytes fetches a small object by binary CID, checking it against want when want is not zero.
func (e *Env) getBytes(ctx context.Context, ref []byte, want [32]byte, limit int64) ([]byte, error) {
	c, err := cid.Cast(ref)
	if err != nil {
		return nil, fmt.Errorf("reference %x is not a CID: %w", ref, err)
	}
	obj, err := e.Store.Get(ctx, c)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", c, err)
	}
	defer obj.Close()
	b, err := io.ReadAll(io.LimitReader(obj, limit+1))
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", c, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("fetch %s: larger than %d bytes", c, limit)
	}
	if want != ([32]byte{}) && sha256.Sum256(b) != want {
		return nil, fmt.Errorf("fetch %s: %w", c, ErrHashMismatch)
	}
	return b, nil
}

// maxArtifact bounds key-sized IPFS objects (capsules, re-keys, issued keys); records stream.
const maxArtifact = 1 << 20

func sha256Sum(b []byte) [32]byte { return sha256.Sum256(b) }

func bigU(n uint64) *big.Int { return new(big.Int).SetUint64(n) }

func decode(err error) error { return contracts.DecodeError(err) }

// FetchObject fetches a small IPFS object (a capsule, gate object or bundle) by binary CID; the
// caller checks it against the hash the chain holds for it.
func (e *Env) FetchObject(ctx context.Context, ref []byte) ([]byte, error) {
	return e.getBytes(ctx, ref, [32]byte{}, maxArtifact)
}
