// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title EcReference
/// @notice A slow, plain secp256k1 scalar multiplication (affine double-and-add, Fermat inverse
/// per step) written independently of the contracts' `Secp256k1` library, so tests can build
/// points of unknown discrete logarithm (for example with x ≥ n) and check the library against it.
/// @dev About a million gas per multiplication: for tests only.
library EcReference {
    uint256 internal constant P = 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f;
    uint256 internal constant N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141;
    uint256 internal constant GX = 0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798;
    uint256 internal constant GY = 0x483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8;

    /// @notice k·(x, y); (0, 0) stands for the identity on input and output.
    function mul(uint256 k, uint256 x, uint256 y) internal view returns (uint256 rx, uint256 ry) {
        k %= N;
        (uint256 ax, uint256 ay) = (x, y);
        while (k != 0) {
            if (k & 1 == 1) (rx, ry) = sum(rx, ry, ax, ay);
            (ax, ay) = sum(ax, ay, ax, ay);
            k >>= 1;
        }
    }

    /// @notice (x1, y1) + (x2, y2), the identity being (0, 0).
    function sum(uint256 x1, uint256 y1, uint256 x2, uint256 y2) internal view returns (uint256, uint256) {
        if (x1 == 0 && y1 == 0) return (x2, y2);
        if (x2 == 0 && y2 == 0) return (x1, y1);
        uint256 slope;
        if (x1 == x2) {
            if (addmod(y1, y2, P) == 0) return (0, 0);
            uint256 num = mulmod(3, mulmod(x1, x1, P), P);
            slope = mulmod(num, pow(addmod(y1, y1, P), P - 2), P);
        } else {
            slope = mulmod(sub(y2, y1), pow(sub(x2, x1), P - 2), P);
        }
        uint256 x3 = sub(sub(mulmod(slope, slope, P), x1), x2);
        uint256 y3 = sub(mulmod(slope, sub(x1, x3), P), y1);
        return (x3, y3);
    }

    function sub(uint256 a, uint256 b) private pure returns (uint256) {
        return addmod(a, P - b, P);
    }

    /// @notice −(x, y).
    function neg(uint256 x, uint256 y) internal pure returns (uint256, uint256) {
        if (x == 0 && y == 0) return (0, 0);
        return (x, P - y);
    }

    function pow(uint256 b, uint256 e) internal view returns (uint256 r) {
        (bool ok, bytes memory out) =
            address(5).staticcall(abi.encodePacked(uint256(32), uint256(32), uint256(32), b, e, P));
        require(ok, "modexp");
        r = abi.decode(out, (uint256));
    }
}
