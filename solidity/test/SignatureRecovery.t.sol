// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {SignatureRecovery} from "../src/libraries/SignatureRecovery.sol";
import {Test} from "./lib/Test.sol";

/// @dev The library reads calldata, so it is exercised through an external call.
contract SignatureRecoveryHarness {
    function recover(bytes32 digest, bytes calldata signature) external pure returns (address) {
        return SignatureRecovery.recover(digest, signature);
    }
}

contract SignatureRecoveryTest is Test {
    SignatureRecoveryHarness internal harness;
    uint256 internal key;
    address internal signer;
    bytes32 internal constant DIGEST = keccak256("digest");

    function setUp() public {
        harness = new SignatureRecoveryHarness();
        (signer, key) = makeKey("signer");
    }

    function test_halfOrderIsHalfTheGroupOrder() public pure {
        assertEq(SignatureRecovery.HALF_ORDER, SECP256K1_N / 2, "HALF_ORDER");
    }

    function test_recover_acceptsBothRecoveryIdEncodings() public view {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, DIGEST);
        assertEq(harness.recover(DIGEST, abi.encodePacked(r, s, v)), signer, "v in {27, 28}");
        assertEq(harness.recover(DIGEST, abi.encodePacked(r, s, v - 27)), signer, "v in {0, 1}");
    }

    function test_recover_rejectsOtherRecoveryIds() public view {
        (, bytes32 r, bytes32 s) = vm.sign(key, DIGEST);
        assertEq(harness.recover(DIGEST, abi.encodePacked(r, s, uint8(2))), address(0), "v = 2");
        assertEq(harness.recover(DIGEST, abi.encodePacked(r, s, uint8(26))), address(0), "v = 26 (53)");
        assertEq(harness.recover(DIGEST, abi.encodePacked(r, s, uint8(29))), address(0), "v = 29");
    }

    function test_recover_rejectsWrongLengths() public view {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, DIGEST);
        assertEq(harness.recover(DIGEST, ""), address(0), "empty");
        assertEq(harness.recover(DIGEST, abi.encodePacked(r, s)), address(0), "64 bytes (no EIP-2098)");
        assertEq(harness.recover(DIGEST, abi.encodePacked(r, s, v, v)), address(0), "66 bytes");
    }

    function test_recover_rejectsHighSTwin() public view {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, DIGEST);
        bytes32 highS = bytes32(SECP256K1_N - uint256(s));
        uint8 flipped = v == 27 ? 28 : 27;
        assertEq(ecrecover(DIGEST, flipped, r, highS), signer, "the twin is valid for ecrecover");
        assertEq(harness.recover(DIGEST, abi.encodePacked(r, highS, flipped)), address(0), "twin refused");
    }

    function test_recover_boundaryIsHalfOrderInclusive() public view {
        // With s = HALF_ORDER the library must defer to ecrecover; with s = HALF_ORDER + 1 it must not.
        (uint8 v, bytes32 r,) = vm.sign(key, DIGEST);
        bytes32 atHalf = bytes32(SignatureRecovery.HALF_ORDER);
        bytes32 aboveHalf = bytes32(SignatureRecovery.HALF_ORDER + 1);
        assertEq(
            harness.recover(DIGEST, abi.encodePacked(r, atHalf, v)),
            ecrecover(DIGEST, v, r, atHalf),
            "s = n/2"
        );
        assertTrue(ecrecover(DIGEST, v, r, aboveHalf) != address(0), "ecrecover would accept s = n/2 + 1");
        assertEq(harness.recover(DIGEST, abi.encodePacked(r, aboveHalf, v)), address(0), "s = n/2 + 1");
    }

    function test_recover_zeroSignatureIsZeroAddress() public view {
        bytes memory garbage = abi.encodePacked(bytes32(0), bytes32(0), uint8(27));
        assertEq(harness.recover(DIGEST, garbage), address(0), "r = s = 0");
    }
}
