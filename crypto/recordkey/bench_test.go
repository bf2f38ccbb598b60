package recordkey

import "testing"

func BenchmarkDerive(b *testing.B) {
	s := testSeed(b, 30)
	id := testID()
	for b.Loop() {
		if _, err := s.Derive(id); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSeal is the patient's client wrapping one record version's data
// key: derive the version's key, encrypt, encode.
func BenchmarkSeal(b *testing.B) {
	s := testSeed(b, 30)
	id := testID()
	r := testRand(31)
	dk := testDataKey(r)
	for b.Loop() {
		c, err := s.Seal(r, id, dk)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.MarshalBinary(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(CapsuleSize, "capsule-bytes")
}

func BenchmarkOpen(b *testing.B) {
	s := testSeed(b, 30)
	id := testID()
	r := testRand(31)
	c, err := s.Seal(r, id, testDataKey(r))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.Open(id, c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUnmarshalCapsule is what a proxy pays per capsule it fetches:
// parse, validate every point and run CWYD's check.
func BenchmarkUnmarshalCapsule(b *testing.B) {
	s := testSeed(b, 30)
	r := testRand(31)
	c, err := s.Seal(r, testID(), testDataKey(r))
	if err != nil {
		b.Fatal(err)
	}
	enc, _ := c.MarshalBinary()
	for b.Loop() {
		var back Capsule
		if err := back.UnmarshalBinary(enc); err != nil {
			b.Fatal(err)
		}
	}
}
