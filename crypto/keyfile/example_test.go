package keyfile_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/emrchain/emrchain/crypto/keyfile"
)

func Example() {
	dir, err := os.MkdirTemp("", "keyfile-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)

	// In production the passphrase comes from ReadPassphrase(file, "ENV_VAR").
	pass := keyfile.NewPassphrase([]byte("correct horse battery staple"))
	path := filepath.Join(dir, "transport.key")
	secret := []byte("32 bytes of X25519 private key..")
	if err := keyfile.Create(path, nil, "transport-x25519", secret, pass, keyfile.Light); err != nil {
		panic(err)
	}
	got, err := keyfile.Open(path, "transport-x25519", pass)
	if err != nil {
		panic(err)
	}
	fmt.Println(string(got) == string(secret))
	fmt.Println(pass)
	// Output:
	// true
	// [redacted]
}
