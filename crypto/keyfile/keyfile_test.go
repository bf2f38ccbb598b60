package keyfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/internal/fuzzcorpus"
)

var update = flag.Bool("update", false, "rewrite testdata/v1.json")

var (
	testPass   = NewPassphrase([]byte("correct horse battery staple"))
	testSecret = []byte("a 32-byte X25519 transport key..")
)

func detRand(seed byte) *rand.ChaCha8 { return rand.NewChaCha8([32]byte{seed}) }

func seal(t testing.TB) []byte {
	t.Helper()
	data, err := Encrypt(detRand(1), "transport-x25519", testSecret, testPass, Light)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestRoundTrip(t *testing.T) {
	for _, secret := range [][]byte{{0}, testSecret, bytes.Repeat([]byte{0xa5}, MaxSecretSize)} {
		data, err := Encrypt(nil, "cpabe-master", secret, testPass, Light)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Decrypt(data, "cpabe-master", testPass)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, secret) {
			t.Fatal("round trip changed the secret")
		}
		if k, err := Kind(data); err != nil || k != "cpabe-master" {
			t.Fatalf("Kind = %q, %v", k, err)
		}
	}
}

func TestEncryptIsRandomised(t *testing.T) {
	a, _ := Encrypt(nil, "k", testSecret, testPass, Light)
	b, _ := Encrypt(nil, "k", testSecret, testPass, Light)
	if bytes.Equal(a, b) {
		t.Fatal("two encryptions of the same secret are identical")
	}
}

func TestWrongPassphrase(t *testing.T) {
	data := seal(t)
	for _, p := range []string{"correct horse battery stapl", "correct horse battery staple ", "x"} {
		if _, err := Decrypt(data, "transport-x25519", NewPassphrase([]byte(p))); !errors.Is(err, ErrDecryption) {
			t.Fatalf("passphrase %q: got %v, want ErrDecryption", p, err)
		}
	}
	if _, err := Decrypt(data, "transport-x25519", Passphrase{}); !errors.Is(err, ErrNoPassphrase) {
		t.Fatalf("empty passphrase: got %v", err)
	}
}

func TestWrongKind(t *testing.T) {
	if _, err := Decrypt(seal(t), "cpabe-master", testPass); !errors.Is(err, ErrKind) {
		t.Fatalf("got %v, want ErrKind", err)
	}
}

// TestTamper changes each field in turn, keeping the file well-formed, and checks the file no
// longer opens: the header is authenticated, so re-labelling the kind or weakening the KDF is
// caught exactly like a flipped ciphertext bit.
func TestTamper(t *testing.T) {
	orig := seal(t)
	cases := map[string]func(m map[string]any){
		"kind": func(m map[string]any) { m["kind"] = "cpabe-master" },
		"n":    func(m map[string]any) { m["kdfparams"].(map[string]any)["n"] = 1 << 11 },
		"r":    func(m map[string]any) { m["kdfparams"].(map[string]any)["r"] = 4 },
		"p":    func(m map[string]any) { m["kdfparams"].(map[string]any)["p"] = 2 },
		"salt": func(m map[string]any) {
			m["kdfparams"].(map[string]any)["salt"] = flipHex(m["kdfparams"].(map[string]any)["salt"].(string))
		},
		"nonce":      func(m map[string]any) { m["nonce"] = flipHex(m["nonce"].(string)) },
		"ciphertext": func(m map[string]any) { m["ciphertext"] = flipHex(m["ciphertext"].(string)) },
		"truncated":  func(m map[string]any) { c := m["ciphertext"].(string); m["ciphertext"] = c[:len(c)-2] },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			var m map[string]any
			if err := json.Unmarshal(orig, &m); err != nil {
				t.Fatal(err)
			}
			mutate(m)
			data, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			kind := "transport-x25519"
			if name == "kind" {
				kind = "cpabe-master"
			}
			if _, err := Decrypt(data, kind, testPass); !errors.Is(err, ErrDecryption) {
				t.Fatalf("got %v, want ErrDecryption", err)
			}
		})
	}
}

func flipHex(s string) string {
	b := []byte(s)
	if b[0] == '0' {
		b[0] = '1'
	} else {
		b[0] = '0'
	}
	return string(b)
}

func TestMalformed(t *testing.T) {
	good := string(seal(t))
	cases := map[string]string{
		"empty":          "",
		"not json":       "keyfile",
		"array":          "[]",
		"trailing":       good + "{}",
		"unknown field":  strings.Replace(good, `"version"`, `"extra": 1, "version"`, 1),
		"version 2":      strings.Replace(good, `"version": 1`, `"version": 2`, 1),
		"no version":     strings.Replace(good, `"version": 1,`, ``, 1),
		"kdf":            strings.Replace(good, `"scrypt"`, `"pbkdf2"`, 1),
		"cipher":         strings.Replace(good, `"aes-256-gcm"`, `"aes-128-ctr"`, 1),
		"kind chars":     strings.Replace(good, `"transport-x25519"`, `"Transport Key"`, 1),
		"n not pow2":     strings.Replace(good, `"n": 4096`, `"n": 4097`, 1),
		"n too small":    strings.Replace(good, `"n": 4096`, `"n": 512`, 1),
		"n too large":    strings.Replace(good, `"n": 4096`, `"n": 2097152`, 1),
		"too much mem":   strings.Replace(strings.Replace(good, `"n": 4096`, `"n": 1048576`, 1), `"r": 8`, `"r": 16`, 1),
		"r zero":         strings.Replace(good, `"r": 8`, `"r": 0`, 1),
		"p huge":         strings.Replace(good, `"p": 1`, `"p": 1000`, 1),
		"bad hex":        strings.Replace(good, `"nonce": "`, `"nonce": "zz`, 1),
		"short nonce":    strings.Replace(good, `"nonce": "`, `"nonce": "00`, 1),
		"no ciphertext":  strings.Replace(good, `"ciphertext"`, `"ciphertextx"`, 1),
		"negative n":     strings.Replace(good, `"n": 4096`, `"n": -4096`, 1),
		"string version": strings.Replace(good, `"version": 1`, `"version": "1"`, 1),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := Decrypt([]byte(data), "transport-x25519", testPass); !errors.Is(err, ErrFormat) {
				t.Fatalf("got %v, want ErrFormat", err)
			}
		})
	}
}

func TestEncryptRefuses(t *testing.T) {
	if _, err := Encrypt(nil, "k", nil, testPass, Light); !errors.Is(err, ErrFormat) {
		t.Fatalf("empty secret: %v", err)
	}
	if _, err := Encrypt(nil, "k", make([]byte, MaxSecretSize+1), testPass, Light); !errors.Is(err, ErrFormat) {
		t.Fatalf("large secret: %v", err)
	}
	if _, err := Encrypt(nil, "", testSecret, testPass, Light); !errors.Is(err, ErrFormat) {
		t.Fatalf("empty kind: %v", err)
	}
	if _, err := Encrypt(nil, "k", testSecret, testPass, Params{N: 1 << 8, R: 8, P: 1}); !errors.Is(err, ErrFormat) {
		t.Fatalf("weak params: %v", err)
	}
	if _, err := Encrypt(nil, "k", testSecret, Passphrase{}, Light); !errors.Is(err, ErrNoPassphrase) {
		t.Fatalf("no passphrase: %v", err)
	}
}

func TestStandardParamsAccepted(t *testing.T) {
	if err := Standard.check(); err != nil {
		t.Fatal(err)
	}
	if err := Light.check(); err != nil {
		t.Fatal(err)
	}
}

func TestFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "transport.key")
	if err := Create(path, nil, "transport-x25519", testSecret, testPass, Light); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, want 0600", st.Mode().Perm())
	}
	got, err := Open(path, "transport-x25519", testPass)
	if err != nil || !bytes.Equal(got, testSecret) {
		t.Fatalf("Open: %v", err)
	}
	if err := Create(path, nil, "transport-x25519", []byte("other"), testPass, Light); !errors.Is(err, os.ErrExist) {
		t.Fatalf("second Create: got %v, want os.ErrExist", err)
	}
	if got, _ := Open(path, "transport-x25519", testPass); !bytes.Equal(got, testSecret) {
		t.Fatal("a refused Create changed the existing key")
	}
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path, "transport-x25519", testPass); !errors.Is(err, ErrPermissions) {
		t.Fatalf("group-readable: got %v, want ErrPermissions", err)
	}
	if _, err := Open(filepath.Join(dir, "missing"), "k", testPass); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("missing: %v", err)
	}
}

func TestReadPassphrase(t *testing.T) {
	dir := t.TempDir()
	for content, want := range map[string]string{"s3cret\n": "s3cret", "s3cret\r\n": "s3cret", "two\nlines\n": "two\nlines", " spaced ": " spaced "} {
		path := filepath.Join(dir, "pass")
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		p, err := ReadPassphrase(path, "UNUSED")
		if err != nil || string(p.b) != want {
			t.Fatalf("file %q: got %q, %v", content, p.b, err)
		}
	}
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadPassphrase(empty, ""); !errors.Is(err, ErrNoPassphrase) {
		t.Fatalf("empty file: %v", err)
	}
	t.Setenv("KEYFILE_TEST_PASS", "from-env")
	if p, err := ReadPassphrase("", "KEYFILE_TEST_PASS"); err != nil || string(p.b) != "from-env" {
		t.Fatalf("env: %q %v", p.b, err)
	}
	_, err := ReadPassphrase("", "KEYFILE_TEST_UNSET")
	if !errors.Is(err, ErrNoPassphrase) || strings.Contains(err.Error(), "from-env") {
		t.Fatalf("unset env: %v", err)
	}
	if _, err := ReadPassphrase("", ""); !errors.Is(err, ErrNoPassphrase) {
		t.Fatalf("nothing configured: %v", err)
	}
}

// TestPassphraseNeverPrinted formats a config holding a passphrase every way a log line might.
func TestPassphraseNeverPrinted(t *testing.T) {
	secret := "hunter2-do-not-log"
	cfg := struct {
		Name string
		Pass Passphrase
	}{"oracle", NewPassphrase([]byte(secret))}
	var outs []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"} {
		outs = append(outs, fmt.Sprintf(verb, cfg), fmt.Sprintf(verb, cfg.Pass))
	}
	j, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	outs = append(outs, string(j))
	var buf bytes.Buffer
	logger := zerolog.New(&buf)
	logger.Info().Interface("cfg", cfg).Stringer("pass", cfg.Pass).Msg("config")
	outs = append(outs, buf.String())
	for _, o := range outs {
		if strings.Contains(o, secret) || strings.Contains(o, fmt.Sprintf("%x", secret)) {
			t.Fatalf("passphrase leaked: %s", o)
		}
		if !strings.Contains(o, redacted) {
			t.Fatalf("no redaction marker in %s", o)
		}
	}
}

// TestVector checks the format against a file written once by this package: parsing, the
// associated data and the key derivation must not drift.
func TestVector(t *testing.T) {
	path := filepath.Join("testdata", "v1.json")
	data := seal(t)
	if *update {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, want) {
		t.Fatalf("Encrypt with a fixed reader no longer reproduces %s", path)
	}
	got, err := Decrypt(want, "transport-x25519", testPass)
	if err != nil || !bytes.Equal(got, testSecret) {
		t.Fatalf("vector does not open: %v", err)
	}
}

func FuzzDecrypt(f *testing.F) {
	good := seal(f)
	fuzzcorpus.Bytes(f, good, []byte(`{"version":1}`), []byte{})
	fuzzcorpus.Bytes(f, fuzzcorpus.Mutations(good, 0, len(good)/3, len(good)/2, len(good)-3)...)
	// Valid JSON with one field wrong: each must be refused before any costly work.
	for _, field := range []struct{ from, to string }{
		{`"version":1`, `"version":2`},
		{`"N":`, `"N":1`},
		{`"kind":"transport-x25519"`, `"kind":""`},
	} {
		fuzzcorpus.Bytes(f, bytes.Replace(good, []byte(field.from), []byte(field.to), 1))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		parsed, err := parse(data)
		if err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("parse error %v does not match ErrFormat", err)
			}
			return
		}
		// Anything costlier than Light would make fuzzing crawl; parse already bounds it.
		if parsed.KDFParams.N*parsed.KDFParams.R*parsed.KDFParams.P > Light.N*Light.R*Light.P {
			return
		}
		secret, err := Decrypt(data, parsed.Kind, testPass)
		if err != nil {
			if !errors.Is(err, ErrDecryption) {
				t.Fatalf("decrypt error %v is not ErrDecryption", err)
			}
			return
		}
		// Whatever opens must re-encrypt and open again to the same secret.
		again, err := Encrypt(nil, parsed.Kind, secret, testPass, Light)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := Decrypt(again, parsed.Kind, testPass); err != nil || !bytes.Equal(got, secret) {
			t.Fatalf("re-encryption does not round-trip: %v", err)
		}
	})
}

func BenchmarkDecrypt(b *testing.B) {
	for _, p := range []struct {
		name string
		p    Params
	}{{"light", Light}, {"standard", Standard}} {
		data, err := Encrypt(nil, "k", testSecret, testPass, p.p)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(p.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Decrypt(data, "k", testPass); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
