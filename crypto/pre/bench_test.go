package pre

import "testing"

func BenchmarkGenerateKey(b *testing.B) {
	r := testRand(9)
	for b.Loop() {
		if _, err := GenerateKey(r); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(PublicKeySize, "pk-bytes")
}

func BenchmarkEncrypt(b *testing.B) {
	f := newFixture(b)
	pk := f.alice.Public()
	r := testRand(9)
	for b.Loop() {
		if _, err := Encrypt(r, pk, f.dataKey); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(CiphertextSize, "ct-bytes")
}

func BenchmarkCheck(b *testing.B) {
	f := newFixture(b)
	pk := f.alice.Public()
	for b.Loop() {
		if err := f.ct.Check(pk); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReKeyGen(b *testing.B) {
	f := newFixture(b)
	bob := f.bob.Public()
	r := testRand(9)
	for b.Loop() {
		if _, err := ReKeyGen(r, f.alice, bob); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(ReKeySize, "rk-bytes")
}

func BenchmarkReEncrypt(b *testing.B) {
	f := newFixture(b)
	for b.Loop() {
		if _, err := ReEncrypt(f.rk, f.ct); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(ReCiphertextSize, "rct-bytes")
}

// BenchmarkReEncryptWire is the proxy's whole step on bytes: parse the
// capsule, check and re-encrypt, encode the result.
func BenchmarkReEncryptWire(b *testing.B) {
	f := newFixture(b)
	in, _ := f.ct.MarshalBinary()
	for b.Loop() {
		var ct Ciphertext
		if err := ct.UnmarshalBinary(in); err != nil {
			b.Fatal(err)
		}
		rct, err := ReEncrypt(f.rk, &ct)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := rct.MarshalBinary(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecrypt(b *testing.B) {
	f := newFixture(b)
	for b.Loop() {
		if _, err := f.alice.Decrypt(f.ct); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecryptReEncrypted(b *testing.B) {
	f := newFixture(b)
	for b.Loop() {
		if _, err := f.bob.DecryptReEncrypted(f.rct); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkUnmarshalReKey(b *testing.B) {
	f := newFixture(b)
	in, _ := f.rk.MarshalBinary()
	for b.Loop() {
		var rk ReKey
		if err := rk.UnmarshalBinary(in); err != nil {
			b.Fatal(err)
		}
	}
}
