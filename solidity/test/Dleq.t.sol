// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Dleq} from "../src/libraries/Dleq.sol";
import {Secp256k1} from "../src/libraries/Secp256k1.sol";
import {DleqProver} from "./lib/DleqProver.sol";
import {EcReference} from "./lib/EcReference.sol";
import {Test} from "./lib/Test.sol";
import {DleqHarness} from "./mocks/DleqHarness.sol";

/// @title DleqTest
/// @notice The on-chain DLEQ verifier against crypto/dleq's vectors, forged proofs, malformed
/// statements and witnesses, points whose x does not fit ecrecover, and SEC 1 decompression.
contract DleqTest is Test, DleqProver {
    string internal constant VECTORS = "crypto/dleq/testdata/vectors.json";

    DleqHarness internal harness;

    function setUp() public {
        harness = new DleqHarness();
    }

    function verify(Case memory c) internal view returns (bool) {
        return harness.verify(c.p, c.h, c.q, c.context, c.proof, c.witness);
    }

    function point(string memory json, string memory key) internal pure returns (Dleq.Point memory pt) {
        bytes memory b = vm.parseJsonBytes(json, key);
        require(b.length == 64, "vector point is not 64 bytes");
        (pt.x, pt.y) = abi.decode(b, (uint256, uint256));
    }

    function vectorAt(string memory json, uint256 i) internal pure returns (Case memory c, bool valid) {
        string memory at = string.concat(".vectors[", vm.toString(i), "].");
        c.p = point(json, string.concat(at, "p"));
        c.h = point(json, string.concat(at, "h"));
        c.q = point(json, string.concat(at, "q"));
        c.witness.u = point(json, string.concat(at, "u"));
        c.witness.v = point(json, string.concat(at, "v"));
        c.context = vm.parseJsonBytes32(json, string.concat(at, "context"));
        c.proof.c = uint256(vm.parseJsonBytes32(json, string.concat(at, "c")));
        c.proof.s = uint256(vm.parseJsonBytes32(json, string.concat(at, "s")));
        valid = vm.parseJsonBool(json, string.concat(at, "valid"));
    }

    // ------------------------------------------------------------------ vectors

    /// @notice Every vector crypto/dleq wrote is accepted or rejected as it is labelled.
    function test_vectors_acceptOrRejectAsLabelled() public view {
        string memory json = vm.readFile(VECTORS);
        uint256 accepted;
        uint256 rejected;
        uint256 i;
        for (; vm.keyExistsJson(json, string.concat(".vectors[", vm.toString(i), "]")); ++i) {
            (Case memory c, bool valid) = vectorAt(json, i);
            string memory name =
                vm.parseJsonString(json, string.concat(".vectors[", vm.toString(i), "].name"));
            assertEq(verify(c), valid, string.concat("vector ", vm.toString(i), " (", name, ")"));
            if (valid) ++accepted;
            else ++rejected;
        }
        assertEq(i, 7, "vector count");
        assertTrue(accepted >= 1 && rejected >= 3, "vectors cover both outcomes");
    }

    /// @notice The Solidity test prover's transcript agrees with the vectors: the first valid
    /// vector's challenge recomputes from its points and the witness-derived A and B.
    function test_vectors_transcriptMatchesTestProver() public view {
        (Case memory c,) = vectorAt(vm.readFile(VECTORS), 0);
        (uint256 bx, uint256 by) =
            harness.add(c.witness.u.x, c.witness.u.y, c.witness.v.x, Secp256k1.P - c.witness.v.y);
        address a = harness.mulAddAddress(SECP256K1_N - c.proof.c, c.p.x, c.p.y, c.proof.s);
        assertEq(challenge(c.p, c.h, c.q, c.context, a, Dleq.Point(bx, by)), c.proof.c, "challenge");
    }

    // ------------------------------------------------------------- forgeries

    function test_verify_acceptsTestProverProof() public {
        assertTrue(verify(prove(7, 11, 13, keccak256("ctx"))), "valid proof");
    }

    /// @notice A tampered challenge with the witness recomputed for it: a well-formed, false proof.
    function test_verify_rejectsTamperedChallenge() public {
        Case memory c = prove(7, 11, 13, keccak256("ctx"));
        c.proof.c = addmod(c.proof.c, 1, SECP256K1_N);
        witnessFor(c, 11, 77);
        assertFalse(verify(c), "tampered c");
    }

    function test_verify_rejectsTamperedResponse() public {
        Case memory c = prove(7, 11, 13, keccak256("ctx"));
        c.proof.s = addmod(c.proof.s, 1, SECP256K1_N);
        witnessFor(c, 11, 77);
        assertFalse(verify(c), "tampered s");
    }

    function test_verify_rejectsOtherContext() public {
        Case memory c = prove(7, 11, 13, keccak256("ctx"));
        c.context = keccak256("other");
        assertFalse(verify(c), "other context");
    }

    /// @notice A fragment of another key, proved with the real key's nonce and response.
    function test_verify_rejectsWrongFragment() public {
        Case memory c = prove(7, 11, 13, keccak256("ctx"));
        c.q = mulG(8 * 11);
        witnessFor(c, 11, 88);
        assertFalse(verify(c), "Q of another key");
    }

    function test_verify_rejectsOutOfRangeScalars() public {
        Case memory c = prove(7, 11, 13, keccak256("ctx"));
        uint256[3] memory outOfRange = [SECP256K1_N, SECP256K1_N + 1, type(uint256).max];
        for (uint256 i; i < outOfRange.length; ++i) {
            Case memory d = prove(7, 11, 13, keccak256("ctx"));
            d.proof.c = outOfRange[i];
            assertFalse(verify(d), "c >= n");
            d.proof = c.proof;
            d.proof.s = outOfRange[i];
            assertFalse(verify(d), "s >= n");
        }
        Case memory z = prove(7, 11, 13, keccak256("ctx"));
        z.proof.c = 0;
        assertFalse(verify(z), "c = 0");
        z.proof = c.proof;
        z.proof.s = 0;
        assertFalse(verify(z), "s = 0");
    }

    /// @notice A wrong witness is the caller's fault: it reverts instead of calling the proof invalid.
    function test_verify_revertsOnWrongWitness() public {
        Case memory c = prove(7, 11, 13, keccak256("ctx"));
        Case memory d = prove(7, 11, 13, keccak256("ctx"));
        d.witness.u = mulG(5);
        vm.expectRevert(Dleq.InvalidWitness.selector);
        verify(d);

        d.witness = c.witness;
        d.witness.v = mulG(5);
        vm.expectRevert(Dleq.InvalidWitness.selector);
        verify(d);

        d.witness.u = c.witness.v; // swapped
        d.witness.v = c.witness.u;
        vm.expectRevert(Dleq.InvalidWitness.selector);
        verify(d);

        d.witness = c.witness;
        d.witness.u.y = Secp256k1.P - d.witness.u.y; // −U: on the curve, other address
        vm.expectRevert(Dleq.InvalidWitness.selector);
        verify(d);

        d.witness = c.witness;
        d.witness.v.x += 1; // off the curve
        vm.expectRevert(Dleq.InvalidWitness.selector);
        verify(d);
    }

    function test_verify_revertsOnOffCurveStatement() public {
        Case memory c = prove(7, 11, 13, keccak256("ctx"));
        c.p.y += 1;
        vm.expectRevert(Dleq.InvalidStatement.selector);
        verify(c);
        c = prove(7, 11, 13, keccak256("ctx"));
        c.h = Dleq.Point(0, 0); // the identity
        vm.expectRevert(Dleq.InvalidStatement.selector);
        verify(c);
        c = prove(7, 11, 13, keccak256("ctx"));
        c.q.x ^= 1;
        vm.expectRevert(Dleq.InvalidStatement.selector);
        verify(c);
    }

    /// @notice A point with x ≥ p is refused even when x − p is a point's x: coordinates must be canonical.
    function test_verify_revertsOnNonCanonicalCoordinate() public {
        (uint256 x, uint256 y) = smallPoint();
        assertTrue(harness.isOnCurve(x, y), "the small point is on the curve");
        assertFalse(harness.isOnCurve(x + Secp256k1.P, y), "x + p is not canonical");
        Case memory c = prove(7, 11, 13, keccak256("ctx"));
        c.h = Dleq.Point(x + Secp256k1.P, y);
        vm.expectRevert(Dleq.InvalidStatement.selector);
        verify(c);
        c = prove(7, 11, 13, keccak256("ctx"));
        c.witness.u = Dleq.Point(x + Secp256k1.P, y);
        vm.expectRevert(Dleq.InvalidWitness.selector);
        verify(c);
    }

    // ---------------------------------------------------------- R.x >= n

    /// @notice A base H whose x lies in [n, p), where ecrecover cannot take it: a valid proof on it
    /// still verifies (through R + G), and a tampered one still fails. Built with the reference
    /// multiplication, since no discrete logarithm of such a point is known.
    function test_verify_baseWithXAboveOrder() public {
        (uint256 hx, uint256 hy) = pointAboveOrder();
        Case memory c;
        uint256 x = 0x1234567;
        uint256 k = 0xabcdef;
        c.p = mulG(x);
        c.h = Dleq.Point(hx, hy);
        (c.q.x, c.q.y) = EcReference.mul(x, hx, hy);
        c.context = keccak256("above n");
        address a = pointAddress(mulG(k));
        Dleq.Point memory b;
        (b.x, b.y) = EcReference.mul(k, hx, hy);
        c.proof.c = challenge(c.p, c.h, c.q, c.context, a, b);
        c.proof.s = addmod(k, mulmod(c.proof.c, x, SECP256K1_N), SECP256K1_N);
        (c.witness.u.x, c.witness.u.y) = EcReference.mul(c.proof.s, hx, hy);
        (c.witness.v.x, c.witness.v.y) = EcReference.mul(c.proof.c, c.q.x, c.q.y);
        assertTrue(verify(c), "valid proof on a base with x >= n");

        c.proof.s = addmod(c.proof.s, 1, SECP256K1_N);
        (c.witness.u.x, c.witness.u.y) = EcReference.mul(c.proof.s, hx, hy);
        assertFalse(verify(c), "tampered proof on a base with x >= n");
    }

    /// @notice addr(a·R + b·G) through ecrecover matches the reference for R with x ≥ n.
    function test_mulAddAddress_pointAboveOrder() public view {
        (uint256 rx, uint256 ry) = pointAboveOrder();
        uint256 a = 0x5eed;
        uint256 b = 0xbeef;
        (uint256 x1, uint256 y1) = EcReference.mul(a, rx, ry);
        (uint256 x2, uint256 y2) = EcReference.mul(b, Secp256k1.GX, Secp256k1.GY);
        (uint256 x, uint256 y) = EcReference.sum(x1, y1, x2, y2);
        assertEq(harness.mulAddAddress(a, rx, ry, b), pointAddress(Dleq.Point(x, y)), "aR + bG");
        assertEq(harness.mulAddAddress(a, rx, ry, 0), pointAddress(Dleq.Point(x1, y1)), "aR");
    }

    // ----------------------------------------------------------- curve math

    /// @notice addr(a·R + b·G) for R = r·G is the address of (a·r + b)·G.
    function testFuzz_mulAddAddress_matchesScalarProduct(uint256 r, uint256 a, uint256 b) public {
        r = toScalar(r);
        a = toScalar(a);
        b = b % SECP256K1_N;
        Dleq.Point memory rp = mulG(r);
        uint256 k = addmod(mulmod(a, r, SECP256K1_N), b, SECP256K1_N);
        address want = k == 0 ? address(0) : pointAddress(mulG(k));
        assertEq(harness.mulAddAddress(a, rp.x, rp.y, b), want, "aR + bG");
    }

    function testFuzz_add_matchesScalarSum(uint256 a, uint256 b) public {
        a = toScalar(a);
        b = toScalar(b);
        Dleq.Point memory pa = mulG(a);
        Dleq.Point memory pb = mulG(b);
        (uint256 x, uint256 y) = harness.add(pa.x, pa.y, pb.x, pb.y);
        uint256 k = addmod(a, b, SECP256K1_N);
        if (k == 0) {
            assertEq(x, 0, "identity x");
            assertEq(y, 0, "identity y");
            return;
        }
        Dleq.Point memory want = mulG(k);
        assertEq(x, want.x, "x");
        assertEq(y, want.y, "y");
    }

    function test_add_doublesAndCancels() public {
        Dleq.Point memory g = mulG(1);
        Dleq.Point memory two = mulG(2);
        (uint256 x, uint256 y) = harness.add(g.x, g.y, g.x, g.y);
        assertEq(x, two.x, "2G x");
        assertEq(y, two.y, "2G y");
        (x, y) = harness.add(g.x, g.y, g.x, Secp256k1.P - g.y);
        assertEq(x + y, 0, "G - G");
    }

    // ---------------------------------------------------------- decompression

    function test_decompress_generator() public view {
        (bool ok, uint256 x, uint256 y) =
            harness.decompress(hex"0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
        assertTrue(ok, "G decompresses");
        assertEq(x, Secp256k1.GX, "x");
        assertEq(y, Secp256k1.GY, "y");
        (ok, x, y) =
            harness.decompress(hex"0379be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
        assertTrue(ok, "-G decompresses");
        assertEq(y, Secp256k1.P - Secp256k1.GY, "-G y");
    }

    function test_decompress_rejectsMalformed() public view {
        bytes memory g = hex"0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
        bool ok;
        (ok,,) = harness.decompress(hex"0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
        assertFalse(ok, "prefix 04");
        (ok,,) = harness.decompress(hex"0079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
        assertFalse(ok, "prefix 00");
        (ok,,) = harness.decompress(bytes.concat(g, hex"00"));
        assertFalse(ok, "34 bytes");
        (ok,,) = harness.decompress(hex"0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f817");
        assertFalse(ok, "32 bytes");
        (ok,,) = harness.decompress("");
        assertFalse(ok, "empty");
        (ok,,) = harness.decompress(abi.encodePacked(bytes1(0x02), Secp256k1.P));
        assertFalse(ok, "x = p");
        (uint256 sx,) = smallPoint();
        (ok,,) = harness.decompress(abi.encodePacked(bytes1(0x02), sx + Secp256k1.P));
        assertFalse(ok, "x + p of a valid x");
        (ok,,) = harness.decompress(abi.encodePacked(bytes1(0x02), noPointX()));
        assertFalse(ok, "x with no point");
    }

    /// @notice Every k·G survives compression and decompression.
    function testFuzz_decompress_roundTrip(uint256 k) public {
        Dleq.Point memory pt = mulG(toScalar(k));
        (bool ok, uint256 x, uint256 y) = harness.decompress(compressed(pt));
        assertTrue(ok, "decompresses");
        assertEq(x, pt.x, "x");
        assertEq(y, pt.y, "y");
        assertEq(harness.compress(x, y), compressed(pt), "compress");
    }

    /// @notice Whatever 33 bytes decompress give a point on the curve that compresses back to them.
    function testFuzz_decompress_anyInput(bytes1 prefix, uint256 x) public view {
        bytes memory enc = abi.encodePacked(prefix, x);
        (bool ok, uint256 px, uint256 py) = harness.decompress(enc);
        if (!ok) return;
        assertTrue(harness.isOnCurve(px, py), "on the curve");
        assertEq(harness.compress(px, py), enc, "canonical");
    }

    // ----------------------------------------------------------- fuzz proofs

    function testFuzz_verify_acceptsValidProofs(uint256 x, uint256 h, uint256 k, bytes32 context) public {
        assertTrue(verify(prove(x, h, k, context)), "valid proof");
    }

    /// @notice Any change to c or s, with the witness recomputed to match, makes a proof invalid.
    function testFuzz_verify_rejectsTamperedScalars(uint256 x, uint256 h, uint256 k, uint256 delta, bool onC)
        public
    {
        (x, h) = (toScalar(x), toScalar(h));
        Case memory c = prove(x, h, k, keccak256(abi.encode(x, h)));
        delta = bound(delta, 1, SECP256K1_N - 1);
        if (onC) c.proof.c = addmod(c.proof.c, delta, SECP256K1_N);
        else c.proof.s = addmod(c.proof.s, delta, SECP256K1_N);
        if (c.proof.c == 0 || c.proof.s == 0) {
            assertFalse(verify(c), "zero scalar");
            return;
        }
        witnessFor(c, h, mulmod(x, h, SECP256K1_N));
        assertFalse(verify(c), "tampered proof");
    }

    /// @notice A proof for one context fails for any other.
    function testFuzz_verify_rejectsOtherContexts(
        uint256 x,
        uint256 h,
        uint256 k,
        bytes32 context,
        bytes32 other
    ) public {
        vm.assume(context != other);
        Case memory c = prove(x, h, k, context);
        c.context = other;
        assertFalse(verify(c), "other context");
    }

    // ---------------------------------------------------------------- helpers

    /// @dev A point with x < 2^256 − p, so that x + p still fits in a word.
    function smallPoint() internal view returns (uint256 x, uint256 y) {
        for (x = 1;; ++x) {
            bool ok;
            (ok,, y) = harness.decompress(abi.encodePacked(bytes1(0x02), x));
            if (ok) return (x, y);
        }
    }

    /// @dev An x with no point above it.
    function noPointX() internal view returns (uint256 x) {
        for (x = 1;; ++x) {
            (bool ok,,) = harness.decompress(abi.encodePacked(bytes1(0x02), x));
            if (!ok) return x;
        }
    }

    /// @dev A point with n ≤ x < p.
    function pointAboveOrder() internal view returns (uint256 x, uint256 y) {
        for (x = SECP256K1_N;; ++x) {
            bool ok;
            (ok,, y) = harness.decompress(abi.encodePacked(bytes1(0x02), x));
            if (ok) return (x, y);
        }
    }
}
