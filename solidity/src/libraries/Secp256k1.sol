// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title Secp256k1
/// @notice The slice of secp256k1 arithmetic the DLEQ verifier needs, without scalar
/// multiplication: point validation, SEC 1 decompression, one affine addition, the Ethereum
/// address of a point, and the address of any `a·R + b·G` through the `ecrecover` precompile.
/// @dev Points are affine (x, y) pairs; the identity has no affine form here and is encoded as
/// (0, 0), which `isOnCurve` rejects because 0 ≠ 7. Field inverses and square roots use the
/// modexp precompile (p ≡ 3 mod 4, so √a = a^((p+1)/4)). Everything is variable time; it only
/// ever touches public values.
library Secp256k1 {
    /// @dev The field prime p.
    uint256 internal constant P = 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f;
    /// @dev The group order n.
    uint256 internal constant N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141;
    /// @dev The generator G.
    uint256 internal constant GX = 0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798;
    uint256 internal constant GY = 0x483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8;
    /// @dev (p + 1) / 4, the square-root exponent.
    uint256 internal constant SQRT_EXPONENT =
        0x3fffffffffffffffffffffffffffffffffffffffffffffffffffffffbfffff0c;
    /// @dev Length of a SEC 1 compressed point: a 0x02/0x03 prefix and x.
    uint256 internal constant COMPRESSED_LENGTH = 33;

    /// @notice A point other than the identity does not lie on the curve, or a coordinate is ≥ p.
    error NotOnCurve();
    /// @notice ecrecover could not be pointed at R: neither R.x nor (R + G).x lies in [1, n−1].
    /// @dev R.x ∈ [n, p) happens with probability about 2⁻¹²⁸ for a point not chosen to hit it;
    /// for (R + G).x to land there as well an adversary would need about 2¹²⁸ work.
    error UnsupportedPoint();
    /// @notice The modexp precompile failed.
    error ModexpFailed();

    /// @notice Whether (x, y) is a point of the curve with canonical coordinates; false for (0, 0).
    function isOnCurve(uint256 x, uint256 y) internal pure returns (bool) {
        if (x >= P || y >= P) return false;
        uint256 rhs = addmod(mulmod(mulmod(x, x, P), x, P), 7, P);
        return mulmod(y, y, P) == rhs;
    }

    /// @notice Parses a SEC 1 compressed point (0x02 or 0x03 by the parity of y, then x).
    /// @return ok False for a wrong length or prefix, x ≥ p, or an x with no point above it.
    function decompress(bytes memory encoded) internal view returns (bool ok, uint256 x, uint256 y) {
        if (encoded.length != COMPRESSED_LENGTH) return (false, 0, 0);
        uint8 prefix = uint8(encoded[0]);
        if (prefix != 0x02 && prefix != 0x03) return (false, 0, 0);
        assembly ("memory-safe") {
            x := mload(add(encoded, 33))
        }
        if (x >= P) return (false, 0, 0);
        uint256 rhs = addmod(mulmod(mulmod(x, x, P), x, P), 7, P);
        y = modexp(rhs, SQRT_EXPONENT, P);
        if (mulmod(y, y, P) != rhs) return (false, 0, 0);
        if (y & 1 != prefix & 1) y = P - y; // y ≠ 0: 0 would need x³ = −7, which has no root mod p
        return (true, x, y);
    }

    /// @notice The SEC 1 compressed encoding of an affine point.
    function compress(uint256 x, uint256 y) internal pure returns (bytes memory) {
        return abi.encodePacked(bytes1(uint8(2 + (y & 1))), x);
    }

    /// @notice The Ethereum address of a point read as a public key: the last 20 bytes of
    /// keccak256(x ‖ y), which is what ecrecover returns for the point it computes.
    function toAddress(uint256 x, uint256 y) internal pure returns (address a) {
        assembly ("memory-safe") {
            mstore(0x00, x)
            mstore(0x20, y)
            a := and(keccak256(0x00, 0x40), 0xffffffffffffffffffffffffffffffffffffffff)
        }
    }

    /// @notice The address of a·R + b·G for a point R on the curve and a, b < n, with a ≠ 0;
    /// address(0) when the sum is the identity.
    /// @dev ecrecover(e, v, r, s) returns the address of r⁻¹(s·R − e·G) for the point R with
    /// x = r and y of parity v − 27; s = a·r and e = −b·r make that a·R + b·G. The precompile
    /// takes r only in [1, n−1]; for the rare R outside, R + G takes its place and b becomes
    /// b − a, at the price of one affine addition.
    function mulAddAddress(uint256 a, uint256 rx, uint256 ry, uint256 b) internal view returns (address) {
        if (rx == 0 || rx >= N) {
            (rx, ry) = add(rx, ry, GX, GY); // R ≠ ±G here, since G.x < n
            b = addmod(b, N - a, N);
            if (rx == 0 || rx >= N) revert UnsupportedPoint();
        }
        uint256 s = mulmod(a, rx, N);
        uint256 e = N - mulmod(b, rx, N);
        if (e == N) e = 0;
        return ecrecover(bytes32(e), uint8(27 + (ry & 1)), bytes32(rx), bytes32(s));
    }

    /// @notice Affine addition of two points on the curve.
    /// @return x The sum's x, or 0 when the sum is the identity (then y is 0 as well).
    /// @return y The sum's y.
    function add(uint256 x1, uint256 y1, uint256 x2, uint256 y2)
        internal
        view
        returns (uint256 x, uint256 y)
    {
        uint256 lambda;
        if (x1 == x2) {
            if (y1 != y2 || y1 == 0) return (0, 0); // Q + (−Q); y = 0 has no point on this curve anyway
            // Doubling: λ = 3x² / 2y.
            lambda = mulmod(mulmod(3, mulmod(x1, x1, P), P), inverse(mulmod(2, y1, P)), P);
        } else {
            lambda = mulmod(addmod(y2, P - y1, P), inverse(addmod(x2, P - x1, P)), P);
        }
        x = addmod(mulmod(lambda, lambda, P), P - addmod(x1, x2, P), P);
        y = addmod(mulmod(lambda, addmod(x1, P - x, P), P), P - y1, P);
    }

    /// @notice a⁻¹ mod p for a ≠ 0 (Fermat: a^(p−2)).
    function inverse(uint256 a) internal view returns (uint256) {
        return modexp(a, P - 2, P);
    }

    /// @notice base^exponent mod modulus through the modexp precompile (address 0x05).
    function modexp(uint256 base, uint256 exponent, uint256 modulus) internal view returns (uint256 result) {
        bool ok;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, 0x20)
            mstore(add(m, 0x20), 0x20)
            mstore(add(m, 0x40), 0x20)
            mstore(add(m, 0x60), base)
            mstore(add(m, 0x80), exponent)
            mstore(add(m, 0xa0), modulus)
            ok := staticcall(gas(), 0x05, m, 0xc0, m, 0x20)
            result := mload(m)
        }
        if (!ok) revert ModexpFailed();
    }
}
