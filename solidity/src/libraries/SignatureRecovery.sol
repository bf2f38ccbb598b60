// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title SignatureRecovery
/// @notice ECDSA recovery of 65-byte (r, s, v) signatures that rejects malleable forms, so a
/// signature has exactly one accepted encoding.
library SignatureRecovery {
    /// @dev secp256k1n / 2: signatures with a larger s are the malleable twin (EIP-2).
    uint256 internal constant HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

    /// @notice Returns the signer of `digest`, or address(0) when the signature is malformed.
    /// @param digest The 32-byte message digest that was signed.
    /// @param signature 65 bytes: r, s, v with v in {27, 28} or {0, 1}.
    function recover(bytes32 digest, bytes calldata signature) internal pure returns (address) {
        if (signature.length != 65) return address(0);
        bytes32 r = bytes32(signature[0:32]);
        bytes32 s = bytes32(signature[32:64]);
        uint8 v = uint8(signature[64]);
        if (v < 27) v += 27;
        if (v != 27 && v != 28) return address(0);
        if (uint256(s) > HALF_ORDER) return address(0);
        return ecrecover(digest, v, r, s);
    }
}
