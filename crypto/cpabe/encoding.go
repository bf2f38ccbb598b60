package cpabe

import (
	"encoding/binary"
	"errors"
	"fmt"

	bls "github.com/consensys/gnark-crypto/ecc/bls12-381"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fp"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
)

// ErrInvalidEncoding is matched (errors.Is) by every error of the key and
// ciphertext UnmarshalBinary methods.
var ErrInvalidEncoding = errors.New("cpabe: invalid encoding")

// Every encoding starts with a type byte and a version byte, so one kind of
// object is never mistaken for another. Points are in the compressed
// ZCash/IETF form; scalars are 32-byte big-endian; counts and lengths are
// fixed-width big-endian so each value has exactly one encoding.
const (
	typePublicKey    = 'P'
	typeMasterKey    = 'M'
	typeAttributeKey = 'K'
	typeCiphertext   = 'C'
	typeWrappedKey   = 'W'
	encodingV1       = 0x01

	g1Size     = bls.SizeOfG1AffineCompressed
	g2Size     = bls.SizeOfG2AffineCompressed
	gtSize     = bls.SizeOfGT
	scalarSize = fr.Bytes
)

// MarshalBinary encodes the public key (1,346 bytes).
func (pk *PublicKey) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, 2+2*g2Size+2*gtSize)
	b = append(b, typePublicKey, encodingV1)
	b = appendG2(b, &pk.h1)
	b = appendG2(b, &pk.h2)
	t1, t2 := pk.t1.Bytes(), pk.t2.Bytes()
	b = append(b, t1[:]...)
	return append(b, t2[:]...), nil
}

// UnmarshalBinary decodes a public key, checking that both G2 points are in
// the prime-order subgroup and not the identity, and that both GT elements
// are in the order-r subgroup and not 1.
func (pk *PublicKey) UnmarshalBinary(data []byte) error {
	d := decoder{b: data}
	d.header(typePublicKey)
	var out PublicKey
	d.g2(&out.h1)
	d.g2(&out.h2)
	d.gt(&out.t1)
	d.gt(&out.t2)
	if err := d.finish("public key"); err != nil {
		return err
	}
	*pk = out
	return nil
}

// MarshalBinary encodes the master key (226 bytes). It is secret.
func (msk *MasterKey) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, 2+7*scalarSize)
	b = append(b, typeMasterKey, encodingV1)
	for _, s := range msk.scalars() {
		sb := s.Bytes()
		b = append(b, sb[:]...)
	}
	return b, nil
}

func (msk *MasterKey) scalars() []*fr.Element {
	return []*fr.Element{&msk.a1, &msk.a2, &msk.b1, &msk.b2, &msk.d1, &msk.d2, &msk.d3}
}

// UnmarshalBinary decodes a master key, requiring canonical scalars and
// a1, a2, b1, b2 ≠ 0, and recomputes its public key.
func (msk *MasterKey) UnmarshalBinary(data []byte) error {
	d := decoder{b: data}
	d.header(typeMasterKey)
	var out MasterKey
	for i, s := range out.scalars() {
		d.scalar(s)
		if i < 4 && d.err == nil && s.IsZero() {
			d.fail("zero scalar")
		}
	}
	if err := d.finish("master key"); err != nil {
		return err
	}
	pk, err := out.derivePublicKey()
	if err != nil {
		return fmt.Errorf("cpabe: master key: %w", err)
	}
	out.pk = pk
	*msk = out
	return nil
}

// MarshalBinary encodes the key: its G2 part, sk', then each attribute with
// its three G1 points, in sorted order.
func (ak *AttributeKey) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, 2+3*g2Size+3*g1Size+2+len(ak.attrs)*(1+16+3*g1Size))
	b = append(b, typeAttributeKey, encodingV1)
	for i := range ak.k0 {
		b = appendG2(b, &ak.k0[i])
	}
	for i := range ak.kp {
		b = appendG1(b, &ak.kp[i])
	}
	b = binary.BigEndian.AppendUint16(b, uint16(len(ak.attrs)))
	for i, a := range ak.attrs {
		b = append(b, byte(len(a)))
		b = append(b, a...)
		for j := range ak.parts[i] {
			b = appendG1(b, &ak.parts[i][j])
		}
	}
	return b, nil
}

// UnmarshalBinary decodes a key, validating every point, the attribute
// syntax, and that attributes are strictly increasing (one encoding per
// key).
func (ak *AttributeKey) UnmarshalBinary(data []byte) error {
	d := decoder{b: data}
	d.header(typeAttributeKey)
	var out AttributeKey
	for i := range out.k0 {
		d.g2(&out.k0[i])
	}
	for i := range out.kp {
		d.g1(&out.kp[i])
	}
	n := int(d.uint16())
	if d.err == nil && (n == 0 || n > MaxKeyAttributes) {
		d.fail(fmt.Sprintf("attribute count %d outside 1..%d", n, MaxKeyAttributes))
	}
	var partBytes []byte
	if d.err == nil {
		out.attrs = make([]string, 0, n)
		out.index = make(map[string]int, n)
		partBytes = make([]byte, 0, 3*n*g1Size)
	}
	for i := 0; i < n && d.err == nil; i++ {
		a := string(d.bytes(int(d.byte())))
		if d.err != nil {
			break
		}
		if err := checkAttribute(a); err != nil {
			d.fail(err.Error())
			break
		}
		if i > 0 && a <= out.attrs[i-1] {
			d.fail("attributes not strictly sorted")
			break
		}
		out.index[a] = i
		out.attrs = append(out.attrs, a)
		partBytes = append(partBytes, d.bytes(3*g1Size)...)
	}
	if err := d.finish("attribute key"); err != nil {
		return err
	}
	pts := make([]bls.G1Affine, 3*n)
	if err := decodeG1s(partBytes, pts); err != nil {
		return fmt.Errorf("%w: attribute key: %v", ErrInvalidEncoding, err)
	}
	out.parts = make([][3]bls.G1Affine, n)
	for i := range out.parts {
		copy(out.parts[i][:], pts[3*i:])
	}
	*ak = out
	return nil
}

// appendBody encodes everything but the tag, in the ciphertext's own
// version; it is also what the KEM binds, so a ciphertext re-encoded in the
// other version fails its key confirmation and each ciphertext has exactly
// one encoding.
func (ct *Ciphertext) appendBody(b []byte) []byte {
	if ct.version != encodingV1 {
		return ct.appendBodyV2(b)
	}
	b = append(b, typeCiphertext, encodingV1)
	lenAt := len(b)
	b = append(b, 0, 0, 0, 0)
	b = ct.policy.appendBinary(b)
	binary.BigEndian.PutUint32(b[lenAt:], uint32(len(b)-lenAt-4))
	for i := range ct.c0 {
		b = appendG2(b, &ct.c0[i])
	}
	b = binary.BigEndian.AppendUint16(b, uint16(len(ct.rows)))
	for i := range ct.rows {
		for l := range ct.rows[i] {
			b = appendG1(b, &ct.rows[i][l])
		}
	}
	return b
}

// Ciphertext encodings. Version 1 has compressed points; version 2, which
// MarshalBinary writes for new ciphertexts, has every point uncompressed
// (x ‖ y, with the ZCash flag bits clear), so that a receiver checks each
// row point with the curve equation instead of a square root. A ciphertext
// parsed from either version re-encodes to the same version.
const encodingV2 = 0x02

const (
	g1RawSize = bls.SizeOfG1AffineUncompressed
	g2RawSize = bls.SizeOfG2AffineUncompressed
)

// MarshalBinary encodes the ciphertext: policy, G2 part, the rows' G1
// points and the 32-byte tag. In version 2 at n rows it is
// 2+4+|policy|+576+2+288n+32 bytes (version 1: 2+4+|policy|+288+2+144n+32).
func (ct *Ciphertext) MarshalBinary() ([]byte, error) {
	if ct.policy == nil {
		return nil, fmt.Errorf("%w: empty ciphertext", ErrInvalidEncoding)
	}
	b := ct.appendBody(make([]byte, 0, 2+4+256+3*g2RawSize+2+len(ct.rows)*3*g1RawSize+tagSize))
	return append(b, ct.tag[:]...), nil
}

func (ct *Ciphertext) appendBodyV2(b []byte) []byte {
	b = append(b, typeCiphertext, encodingV2)
	lenAt := len(b)
	b = append(b, 0, 0, 0, 0)
	b = ct.policy.appendBinary(b)
	binary.BigEndian.PutUint32(b[lenAt:], uint32(len(b)-lenAt-4))
	for i := range ct.c0 {
		e := ct.c0[i].RawBytes()
		b = append(b, e[:]...)
	}
	b = binary.BigEndian.AppendUint16(b, uint16(len(ct.rows)))
	for i := range ct.rows {
		for l := range ct.rows[i] {
			e := ct.rows[i][l].RawBytes()
			b = append(b, e[:]...)
		}
	}
	return b
}

// UnmarshalBinary decodes a ciphertext of either version, validating the
// policy, every point (on the curve, in the prime-order subgroup, not the
// identity), and that there is one row per span-program row of the policy.
func (ct *Ciphertext) UnmarshalBinary(data []byte) error {
	out, err := parseCiphertext(data, true)
	if err != nil {
		return err
	}
	*ct = *out
	return nil
}

// parseCiphertext decodes a ciphertext. With checkRows false, the row
// points of a version 2 encoding are checked to be canonical, on the curve
// and not the identity, but their subgroup membership is left to
// Decapsulate, which checks the three combinations of rows that reach the
// pairing (see Ciphertext.rowsInG1).
func parseCiphertext(data []byte, checkRows bool) (*Ciphertext, error) {
	if len(data) >= 2 && data[0] == typeCiphertext && data[1] == encodingV2 {
		return parseCiphertextV2(data, checkRows)
	}
	d := decoder{b: data}
	d.header(typeCiphertext)
	out := Ciphertext{version: encodingV1, rowsInG1: true}
	pb := d.bytes(int(d.uint32()))
	if d.err != nil {
		return nil, d.finish("ciphertext")
	}
	out.policy = new(Policy)
	if err := out.policy.UnmarshalBinary(pb); err != nil {
		return nil, fmt.Errorf("%w: ciphertext: %w", ErrInvalidEncoding, err)
	}
	for i := range out.c0 {
		d.g2(&out.c0[i])
	}
	n := int(d.uint16())
	if d.err == nil && n != len(out.policy.msp.rows) {
		d.fail(fmt.Sprintf("%d rows for a policy with %d", n, len(out.policy.msp.rows)))
	}
	rowBytes := d.bytes(3 * n * g1Size)
	copy(out.tag[:], d.bytes(tagSize))
	if err := d.finish("ciphertext"); err != nil {
		return nil, err
	}
	pts := make([]bls.G1Affine, 3*n)
	if err := decodeG1s(rowBytes, pts); err != nil {
		return nil, fmt.Errorf("%w: ciphertext: %v", ErrInvalidEncoding, err)
	}
	out.rows = make([][3]bls.G1Affine, n)
	for i := range out.rows {
		copy(out.rows[i][:], pts[3*i:])
	}
	return &out, nil
}

func parseCiphertextV2(data []byte, checkRows bool) (*Ciphertext, error) {
	d := decoder{b: data[2:]}
	out := Ciphertext{version: encodingV2, rowsInG1: checkRows}
	pb := d.bytes(int(d.uint32()))
	if d.err != nil {
		return nil, d.finish("ciphertext")
	}
	out.policy = new(Policy)
	if err := out.policy.UnmarshalBinary(pb); err != nil {
		return nil, fmt.Errorf("%w: ciphertext: %w", ErrInvalidEncoding, err)
	}
	for i := range out.c0 {
		if b := d.bytes(g2RawSize); b != nil {
			if err := decodeG2Raw(b, &out.c0[i]); err != nil {
				d.fail(err.Error())
			}
		}
	}
	n := int(d.uint16())
	if d.err == nil && n != len(out.policy.msp.rows) {
		d.fail(fmt.Sprintf("%d rows for a policy with %d", n, len(out.policy.msp.rows)))
	}
	rowBytes := d.bytes(3 * n * g1RawSize)
	copy(out.tag[:], d.bytes(tagSize))
	if err := d.finish("ciphertext"); err != nil {
		return nil, err
	}
	pts := make([]bls.G1Affine, 3*n)
	for i := range pts {
		if err := decodeG1Raw(rowBytes[i*g1RawSize:(i+1)*g1RawSize], &pts[i]); err != nil {
			return nil, fmt.Errorf("%w: ciphertext row point %d: %v", ErrInvalidEncoding, i, err)
		}
	}
	if checkRows {
		if err := checkG1Subgroup(pts); err != nil {
			return nil, fmt.Errorf("%w: ciphertext: %v", ErrInvalidEncoding, err)
		}
	}
	out.rows = make([][3]bls.G1Affine, n)
	for i := range out.rows {
		copy(out.rows[i][:], pts[3*i:])
	}
	return &out, nil
}

// decodeG1Raw reads an uncompressed G1 point (flag bits clear): canonical
// coordinates on the curve, not the identity. It does not check the
// subgroup.
func decodeG1Raw(b []byte, p *bls.G1Affine) error {
	if b[0]&0xe0 != 0 {
		return errors.New("G1 point not in the uncompressed form")
	}
	if p.X.SetBytesCanonical(b[:fp.Bytes]) != nil || p.Y.SetBytesCanonical(b[fp.Bytes:]) != nil {
		return errors.New("G1 coordinate not reduced")
	}
	if p.IsInfinity() || !p.IsOnCurve() {
		return errors.New("G1 point not on the curve")
	}
	return nil
}

// decodeG2Raw reads an uncompressed G2 point, checking the subgroup.
func decodeG2Raw(b []byte, p *bls.G2Affine) error {
	if b[0]&0xe0 != 0 {
		return errors.New("G2 point not in the uncompressed form")
	}
	if _, err := p.SetBytes(b); err != nil {
		return fmt.Errorf("G2 point: %w", err)
	}
	if p.IsInfinity() {
		return errors.New("G2 point is the identity")
	}
	return nil
}

// checkG1Subgroup checks prime-order subgroup membership of on-curve
// points, in parallel.
func checkG1Subgroup(pts []bls.G1Affine) error {
	return parallelChunks(len(pts), func(lo, hi int) error {
		for i := lo; i < hi; i++ {
			if !pts[i].IsInSubGroup() {
				return fmt.Errorf("point %d outside the prime-order subgroup", i)
			}
		}
		return nil
	})
}

func appendG1(b []byte, p *bls.G1Affine) []byte {
	e := p.Bytes()
	return append(b, e[:]...)
}

func appendG2(b []byte, p *bls.G2Affine) []byte {
	e := p.Bytes()
	return append(b, e[:]...)
}

// decoder reads a byte string front to back and remembers the first error,
// so decoding code reads as a list of fields.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail(msg string) {
	if d.err == nil {
		d.err = errors.New(msg)
	}
}

func (d *decoder) bytes(n int) []byte {
	if d.err != nil {
		return nil
	}
	if n < 0 || len(d.b) < n {
		d.fail("truncated")
		return nil
	}
	out := d.b[:n]
	d.b = d.b[n:]
	return out
}

func (d *decoder) byte() byte {
	if b := d.bytes(1); b != nil {
		return b[0]
	}
	return 0
}

func (d *decoder) uint16() uint16 {
	if b := d.bytes(2); b != nil {
		return binary.BigEndian.Uint16(b)
	}
	return 0
}

func (d *decoder) uint32() uint32 {
	if b := d.bytes(4); b != nil {
		return binary.BigEndian.Uint32(b)
	}
	return 0
}

func (d *decoder) header(typ byte) {
	b := d.bytes(2)
	if b != nil && (b[0] != typ || b[1] != encodingV1) {
		d.fail(fmt.Sprintf("header %x, want %x%02x", b, typ, encodingV1))
	}
}

func (d *decoder) scalar(s *fr.Element) {
	b := d.bytes(scalarSize)
	if b == nil {
		return
	}
	if err := s.SetBytesCanonical(b); err != nil {
		d.fail("scalar not reduced")
	}
}

func (d *decoder) g1(p *bls.G1Affine) {
	if b := d.bytes(g1Size); b != nil {
		if err := decodeG1(b, p); err != nil {
			d.fail(err.Error())
		}
	}
}

// decodeG1 reads a compressed G1 point. gnark-crypto's SetBytes derives y
// from the curve equation and checks subgroup membership; the flag check
// keeps the 96-byte uncompressed form out, and the identity is refused
// because no honest key or ciphertext contains it.
func decodeG1(b []byte, p *bls.G1Affine) error {
	if b[0]&0x80 == 0 {
		return errors.New("G1 point not compressed")
	}
	if _, err := p.SetBytes(b); err != nil {
		return fmt.Errorf("G1 point: %w", err)
	}
	if p.IsInfinity() {
		return errors.New("G1 point is the identity")
	}
	return nil
}

// decodeG1s decodes len(out) consecutive compressed points. The square
// root and subgroup check per point dominate parsing, so they run in
// parallel.
func decodeG1s(b []byte, out []bls.G1Affine) error {
	return parallelChunks(len(out), func(lo, hi int) error {
		for i := lo; i < hi; i++ {
			if err := decodeG1(b[i*g1Size:(i+1)*g1Size], &out[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

func (d *decoder) g2(p *bls.G2Affine) {
	b := d.bytes(g2Size)
	if b == nil {
		return
	}
	if b[0]&0x80 == 0 {
		d.fail("G2 point not compressed")
		return
	}
	if _, err := p.SetBytes(b); err != nil {
		d.fail("G2 point: " + err.Error())
		return
	}
	if p.IsInfinity() {
		d.fail("G2 point is the identity")
	}
}

func (d *decoder) gt(z *bls.GT) {
	b := d.bytes(gtSize)
	if b == nil {
		return
	}
	if err := z.SetBytes(b); err != nil {
		d.fail("GT element: " + err.Error())
		return
	}
	if !z.IsInSubGroup() || z.IsOne() {
		d.fail("GT element outside the order-r subgroup or 1")
	}
}

func (d *decoder) finish(what string) error {
	if d.err == nil && len(d.b) != 0 {
		d.fail(fmt.Sprintf("%d trailing bytes", len(d.b)))
	}
	if d.err != nil {
		return fmt.Errorf("%w: %s: %v", ErrInvalidEncoding, what, d.err)
	}
	return nil
}
