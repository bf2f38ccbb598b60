package recordkey

import (
	"crypto/subtle"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"
	"github.com/consensys/gnark-crypto/field/hash"

	"github.com/emrchain/emrchain/crypto/internal/group"
	"github.com/emrchain/emrchain/crypto/pre"
	"github.com/emrchain/emrchain/crypto/shamir"
)

// The attack below is CWYD's weak-secret property, written from the scheme
// as crypto/pre's documentation specifies it (an attacker has the spec, not
// the package's internals): a proxy holding rk = h/z_A and its delegatee B,
// who opens W with x_B2 to get h, compute z_A = h/rk, and z_A opens every
// second-level ciphertext for A's key: g^r = E^(1/z_A), (m‖ω) = F ⊕ H2(g^r),
// confirmed by E = g^(z_A·H1(m, ω)).

func expand(t testing.TB, msg []byte, dst string, n int) []byte {
	t.Helper()
	out, err := hash.ExpandMsgXmd(msg, []byte(dst), n)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func hashToScalar(msg []byte) fr.Element {
	out, err := hash.ExpandMsgXmd(msg, []byte("recordkey-test/tweak"), group.WideBytes)
	if err != nil {
		panic(err)
	}
	return group.ScalarFromWide(out)
}

func cwydH2(t testing.TB, p *secp256k1.G1Affine) []byte {
	e := group.Encode(p)
	return expand(t, e[:], "emrchain/pre/v1/CWYD-secp256k1/H2", 64)
}

func cwydH1(t testing.TB, m, omega []byte) fr.Element {
	return group.ScalarFromWide(expand(t, append(append([]byte(nil), m...), omega...), "emrchain/pre/v1/CWYD-secp256k1/H1", group.WideBytes))
}

func decodePoint(t testing.TB, b []byte) secp256k1.G1Affine {
	t.Helper()
	p, err := group.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// colludeZ is what the proxies (holding rkScalar, the re-key's scalar or its
// interpolation from shares) and the delegatee compute: z_A = h/rk.
func colludeZ(t testing.TB, rkScalar fr.Element, hdr *pre.ReKeyHeader, delegatee *pre.PrivateKey) fr.Element {
	t.Helper()
	_, x2 := scalars(t, delegatee)
	hb, _ := hdr.MarshalBinary()
	v := decodePoint(t, hb[:group.PointSize])
	w := hb[group.PointSize:]
	var x2inv fr.Element
	x2inv.Inverse(&x2)
	gvj := group.Mul(&v, &x2inv)
	gv := group.Affine(&gvj)
	mask := cwydH2(t, &gv)
	var h fr.Element
	var hb32 [32]byte
	subtle.XORBytes(hb32[:], w[:32], mask[:32])
	h.SetBytes(hb32[:])
	var z fr.Element
	z.Div(&h, &rkScalar)
	return z
}

// openWithZ tries to open a second-level ciphertext with a recovered z and
// reports whether the result is self-consistent (the attacker's own test of
// success, needing no knowledge of the data key).
func openWithZ(t testing.TB, z fr.Element, ct *pre.Ciphertext) ([32]byte, bool) {
	t.Helper()
	cb, _ := ct.MarshalBinary()
	e := decodePoint(t, cb[1+group.PointSize:1+2*group.PointSize])
	f := cb[1+2*group.PointSize : 1+2*group.PointSize+64]
	var zinv fr.Element
	zinv.Inverse(&z)
	grj := group.Mul(&e, &zinv)
	gr := group.Affine(&grj)
	mask := cwydH2(t, &gr)
	var m, omega [32]byte
	subtle.XORBytes(m[:], f[:32], mask[:32])
	subtle.XORBytes(omega[:], f[32:], mask[32:])
	r := cwydH1(t, m[:], omega[:])
	var zr fr.Element
	zr.Mul(&z, &r)
	want := group.BaseMul(&zr)
	var got secp256k1.G1Jac
	got.FromAffine(&e)
	return m, want.Equal(&got)
}

// scheme is how a patient's capsules are keyed.
type scheme struct {
	name string
	// keyFor returns the delegating key of one record version.
	keyFor func(t testing.TB, id KeyID) *pre.PrivateKey
}

// records are the capsules of the scenario: the granted record version,
// the next version of the same record, and another record.
func records() (granted, nextVersion, otherRecord KeyID) {
	granted = testID()
	nextVersion = granted
	nextVersion.Version++
	otherRecord = granted
	otherRecord.RecordID[0] ^= 0xff
	return
}

// attackOpens runs the collusion against a patient keyed by sch: the patient
// wraps three record versions, grants one to a requester, and the re-key's
// holders (one proxy with rk, or all n proxies of a 3-of-5 split, who
// interpolate rk) join the requester. It returns which capsules the
// coalition opened, by name.
func attackOpens(t *testing.T, sch scheme, splitAmongProxies bool) map[string]bool {
	t.Helper()
	r := testRand(40)
	requester, err := pre.GenerateKey(r)
	if err != nil {
		t.Fatal(err)
	}
	granted, next, other := records()
	type capsule struct {
		c  *Capsule
		dk [32]byte
	}
	capsules := map[string]capsule{}
	for name, id := range map[string]KeyID{"granted": granted, "next version": next, "other record": other} {
		dk := testDataKey(r)
		c, err := NewCapsule(r, sch.keyFor(t, id).Public(), id.Generation, dk)
		if err != nil {
			t.Fatal(err)
		}
		capsules[name] = capsule{c, dk}
	}

	rk, err := pre.ReKeyGen(r, sch.keyFor(t, granted), requester.Public())
	if err != nil {
		t.Fatal(err)
	}
	// The proxy path works as intended for the granted version.
	rct, err := pre.ReEncrypt(rk, capsules["granted"].c.Ciphertext())
	if err != nil {
		t.Fatal(err)
	}
	if m, err := requester.DecryptReEncrypted(rct); err != nil || m != capsules["granted"].dk {
		t.Fatalf("%s: the grant itself does not work: %v", sch.name, err)
	}

	rkScalar := rk.Scalar()
	if splitAmongProxies {
		poly, err := shamir.NewPolynomial(r, &rkScalar, 3)
		if err != nil {
			t.Fatal(err)
		}
		shares, err := poly.Shares(5)
		if err != nil {
			t.Fatal(err)
		}
		rkScalar, err = shamir.Combine(shares) // every proxy pools its share
		if err != nil {
			t.Fatal(err)
		}
	}
	z := colludeZ(t, rkScalar, rk.Header(), requester)
	opened := map[string]bool{}
	for name, c := range capsules {
		m, ok := openWithZ(t, z, c.c.Ciphertext())
		if ok != (m == c.dk) {
			t.Fatalf("%s/%s: the attacker's success test disagrees with the truth", sch.name, name)
		}
		opened[name] = ok
	}
	return opened
}

// TestCollusionOpensOnlyTheGrantedVersion is the weak-secret attack against
// both ways of keying a patient's capsules. With one patient-wide key (how
// capsules were keyed before this package), a re-key plus its delegatee's
// secret opens every capsule of the patient: the property "a proxy plus one
// grantee learn only what was granted" fails. With per-record keys the same
// coalition, even with every proxy share, opens the granted record version
// and nothing else.
func TestCollusionOpensOnlyTheGrantedVersion(t *testing.T) {
	patientKey, err := pre.GenerateKey(testRand(41))
	if err != nil {
		t.Fatal(err)
	}
	seed := testSeed(t, 42)
	patientWide := scheme{"one patient-wide key", func(testing.TB, KeyID) *pre.PrivateKey { return patientKey }}
	perRecord := scheme{"per-record keys", func(t testing.TB, id KeyID) *pre.PrivateKey { return mustDerive(t, seed, id) }}

	onlyGranted := func(opened map[string]bool) bool {
		return opened["granted"] && !opened["next version"] && !opened["other record"]
	}
	for _, split := range []bool{false, true} {
		who := "one proxy with the re-key"
		if split {
			who = "all five proxies of a 3-of-5 split"
		}
		// Before: the property fails, and the test says how.
		if opened := attackOpens(t, patientWide, split); onlyGranted(opened) || !opened["next version"] || !opened["other record"] {
			t.Fatalf("%s, %s + grantee: opened %v; the weak-secret attack should open every capsule", patientWide.name, who, opened)
		}
		// After: the property holds.
		if opened := attackOpens(t, perRecord, split); !onlyGranted(opened) {
			t.Fatalf("%s, %s + grantee: opened %v, want only the granted version", perRecord.name, who, opened)
		}
	}
}

// TestCollusionDoesNotReachOtherGenerations: re-wrapping a record version
// in a new generation puts it out of reach of what an old grant's coalition
// learned.
func TestCollusionDoesNotReachOtherGenerations(t *testing.T) {
	seed := testSeed(t, 43)
	r := testRand(44)
	requester, _ := pre.GenerateKey(r)
	old := testID()
	rotated := old
	rotated.Generation++
	dk := testDataKey(r)
	rewrapped, err := seed.Seal(r, rotated, dk)
	if err != nil {
		t.Fatal(err)
	}
	rk, err := pre.ReKeyGen(r, mustDerive(t, seed, old), requester.Public())
	if err != nil {
		t.Fatal(err)
	}
	z := colludeZ(t, rk.Scalar(), rk.Header(), requester)
	if _, ok := openWithZ(t, z, rewrapped.Ciphertext()); ok {
		t.Fatal("an old generation's collusion opened the re-wrapped capsule")
	}
}
