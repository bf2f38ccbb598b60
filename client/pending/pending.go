// Package pending keeps, on the provider's machine, the record puts that have not yet been
// confirmed on chain: what was sealed from which file, the draft and its signatures, the objects
// stored for it and, once sent, the transaction. It exists for two readers:
//
//   - a put that is run again after being interrupted (Ctrl-C while the transaction was being
//     mined, a lost connection, a crash) finds its entry, and so finds the record on chain, waits
//     for the transaction still pending, or submits the same draft again, instead of sealing a
//     second copy that would become a duplicate record;
//   - `emrchain store gc` keeps the objects an entry names, since the chain does not reference
//     them yet.
//
// An entry is written before the transaction is sent and removed once the record is seen on
// chain, or once the put has failed and its objects are removed. Each entry is one JSON file,
// mode 0600 in a 0700 directory, replaced atomically, named by deployment, record id and
// version. Entries hold no secret: the draft is what the patient is shown anyway and the CIDs
// are the provider's own objects, but they say which records a provider is writing for whom.
package pending

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// Format is the version of the entries this package writes; format 2 keeps the patient's
// approval (what her client built, and her signature) where format 1 kept a bare signature.
const Format = 2

// Source identifies the plaintext file a record was sealed from. Path, size and modification
// time find a candidate cheaply; the SHA-256 confirms it is the same content.
type Source struct {
	Path            string      `json:"path"`
	Size            int64       `json:"size"`
	ModTime         time.Time   `json:"modTime"`
	PlaintextSHA256 common.Hash `json:"plaintextSha256"`
}

// Entry is one put that has not been confirmed on chain.
type Entry struct {
	Format   int            `json:"format"`
	Created  time.Time      `json:"created"`
	ChainID  uint64         `json:"chainId"`
	Registry common.Address `json:"recordRegistry"`
	Patient  common.Address `json:"patient"`
	Provider common.Address `json:"provider"`
	RecordID common.Hash    `json:"recordId"`
	Version  uint32         `json:"version"`
	// Update is set for a new version of an existing record (`record update`).
	Update bool   `json:"update,omitempty"`
	Source Source `json:"source"`
	// Draft is the draft file as client.EncodeDraft writes it, with the provider's signature.
	Draft json.RawMessage `json:"draft"`
	// Approval is the patient's approval as client.EncodeApproval writes it, once given here.
	Approval json.RawMessage `json:"approval,omitempty"`
	// DraftOut is where the draft was written for the patient to co-sign elsewhere, if it was.
	DraftOut string `json:"draftOut,omitempty"`
	// Objects are the CIDs stored for the record: the sealed record and its key objects.
	Objects []string `json:"objects"`
	// RecordCID, PlaintextBytes and SealedBytes describe the sealed record, for what a resumed
	// put prints.
	RecordCID      string `json:"recordCid"`
	PlaintextBytes int64  `json:"plaintextBytes"`
	SealedBytes    int64  `json:"sealedBytes"`
	// Tx is the transaction that registers the record, once sent.
	Tx *common.Hash `json:"tx,omitempty"`
}

// Dir is a directory of entries.
type Dir struct{ path string }

// Open opens (creating it, 0700) the directory of entries at path.
func Open(path string) (*Dir, error) {
	if err := os.MkdirAll(path, 0o700); err != nil {
		return nil, fmt.Errorf("pending puts: %w", err)
	}
	return &Dir{path: path}, nil
}

// Path is the directory's path.
func (d *Dir) Path() string { return d.path }

func (d *Dir) file(e *Entry) string {
	return filepath.Join(d.path, fmt.Sprintf("%d-%s-%s-v%d.json", e.ChainID, strings.ToLower(e.Registry.Hex()), strings.ToLower(e.RecordID.Hex()), e.Version))
}

// Save writes e, replacing any earlier state of the same put. The file is complete or absent,
// never half written, and on disk before Save returns: a transaction is sent only after the
// entry that lets a retry find it is durable.
func (d *Dir) Save(e *Entry) error {
	e.Format = Format
	if e.Created.IsZero() {
		e.Created = time.Now().UTC()
	}
	b, err := json.MarshalIndent(e, "", "  ")
	if err != nil {
		return fmt.Errorf("pending put: %w", err)
	}
	path := d.file(e)
	tmp, err := os.CreateTemp(d.path, ".entry-*")
	if err != nil {
		return fmt.Errorf("pending put: %w", err)
	}
	defer os.Remove(tmp.Name()) // nothing is left after a successful rename
	if err := tmp.Chmod(0o600); err == nil {
		_, err = tmp.Write(append(b, '\n'))
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err == nil {
		err = syncDir(d.path)
	}
	if err != nil {
		return fmt.Errorf("pending put %s: %w", path, err)
	}
	return nil
}

// Remove deletes e; removing an entry that is gone already is not an error.
func (d *Dir) Remove(e *Entry) error {
	if err := os.Remove(d.file(e)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("pending put: %w", err)
	}
	return nil
}

// List returns every entry. Files that do not parse are skipped and named in bad, so one
// damaged file never hides the others.
func (d *Dir) List() (entries []*Entry, bad []string, err error) {
	des, err := os.ReadDir(d.path)
	if err != nil {
		return nil, nil, fmt.Errorf("pending puts: %w", err)
	}
	for _, de := range des {
		if de.IsDir() || !strings.HasSuffix(de.Name(), ".json") || strings.HasPrefix(de.Name(), ".") {
			continue
		}
		path := filepath.Join(d.path, de.Name())
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, nil, fmt.Errorf("pending puts: %w", err)
		}
		var e Entry
		if err := json.Unmarshal(b, &e); err != nil || e.Format != Format {
			bad = append(bad, path)
			continue
		}
		entries = append(entries, &e)
	}
	return entries, bad, nil
}

// Query selects the entries a put could be resuming.
type Query struct {
	ChainID  uint64
	Registry common.Address
	Patient  common.Address
	Provider common.Address
	// Update, with RecordID, selects puts of a new version of that record; otherwise puts of
	// new records.
	Update   bool
	RecordID common.Hash
	// Path, Size and ModTime are the file being put, as Source records them.
	Path    string
	Size    int64
	ModTime time.Time
}

// Find returns the entries of q's deployment for the same file, patient and provider, newest
// first. The caller confirms the content (Source.PlaintextSHA256) before trusting one.
func (d *Dir) Find(q Query) ([]*Entry, error) {
	all, _, err := d.List()
	if err != nil {
		return nil, err
	}
	var out []*Entry
	for _, e := range all {
		if e.ChainID != q.ChainID || e.Registry != q.Registry || e.Patient != q.Patient || e.Provider != q.Provider ||
			e.Update != q.Update || (q.Update && e.RecordID != q.RecordID) {
			continue
		}
		if e.Source.Path != q.Path || e.Source.Size != q.Size || !e.Source.ModTime.Equal(q.ModTime) {
			continue
		}
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b *Entry) int { return b.Created.Compare(a.Created) })
	return out, nil
}

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
