// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Vm} from "./Vm.sol";

/// @title TestBase
/// @notice Cheatcode access, assertions and input bounding, shared by test contracts and by the
/// invariant handlers (which are not test contracts themselves).
/// @dev Assertions revert with `Error(string)` so forge prints the message as the failure reason;
/// every assertion takes a message, so a failure says which check it was.
abstract contract TestBase {
    /// @dev address(uint160(uint256(keccak256("hevm cheat code")))): where forge serves cheatcodes.
    Vm internal constant vm = Vm(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);

    /// @dev secp256k1 group order; private keys must lie in [1, n-1].
    uint256 internal constant SECP256K1_N =
        0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141;

    function assertTrue(bool condition, string memory message) internal pure {
        if (!condition) revert(message);
    }

    function assertFalse(bool condition, string memory message) internal pure {
        if (condition) revert(message);
    }

    function assertEq(uint256 a, uint256 b, string memory message) internal pure {
        if (a != b) revert(_mismatch(message, vm.toString(a), vm.toString(b)));
    }

    function assertEq(address a, address b, string memory message) internal pure {
        if (a != b) revert(_mismatch(message, vm.toString(a), vm.toString(b)));
    }

    function assertEq(bytes32 a, bytes32 b, string memory message) internal pure {
        if (a != b) revert(_mismatch(message, vm.toString(a), vm.toString(b)));
    }

    function assertEq(bool a, bool b, string memory message) internal pure {
        if (a != b) revert(_mismatch(message, vm.toString(a), vm.toString(b)));
    }

    function assertEq(bytes memory a, bytes memory b, string memory message) internal pure {
        if (keccak256(a) != keccak256(b)) revert(_mismatch(message, vm.toString(a), vm.toString(b)));
    }

    function assertEq(string memory a, string memory b, string memory message) internal pure {
        if (keccak256(bytes(a)) != keccak256(bytes(b))) revert(_mismatch(message, a, b));
    }

    function assertEq(bytes32[] memory a, bytes32[] memory b, string memory message) internal pure {
        assertEq(a.length, b.length, string.concat(message, " (length)"));
        for (uint256 i; i < a.length; ++i) {
            assertEq(a[i], b[i], string.concat(message, " [", vm.toString(i), "]"));
        }
    }

    function assertNotEq(bytes32 a, bytes32 b, string memory message) internal pure {
        if (a == b) revert(string.concat(message, ": both ", vm.toString(a)));
    }

    function assertNotEq(address a, address b, string memory message) internal pure {
        if (a == b) revert(string.concat(message, ": both ", vm.toString(a)));
    }

    function assertLe(uint256 a, uint256 b, string memory message) internal pure {
        if (a > b) revert(string.concat(message, ": ", vm.toString(a), " > ", vm.toString(b)));
    }

    /// @notice Maps any `x` into [min, max] without discarding inputs, so fuzz runs are not wasted
    /// on `vm.assume`. Values already inside the range map to themselves, which keeps the fuzzer's
    /// dictionary values (0, 1, boundaries) meaningful.
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, "bound: min > max");
        if (x >= min && x <= max) return x;
        uint256 size = max - min;
        if (size == type(uint256).max) return x;
        return min + x % (size + 1);
    }

    /// @notice A deterministic private key and its address for a named actor.
    function makeKey(string memory name) internal returns (address account, uint256 key) {
        key = uint256(keccak256(bytes(name))) % (SECP256K1_N - 1) + 1;
        account = vm.addr(key);
        vm.label(account, name);
    }

    function _mismatch(string memory message, string memory a, string memory b)
        private
        pure
        returns (string memory)
    {
        return string.concat(message, ": ", a, " != ", b);
    }
}

/// @title Test
/// @notice Base of every test contract: `TestBase` plus the hooks forge's invariant runner reads.
/// @dev Forge looks these functions up by name and calls them after `setUp`; their signatures and
/// the `FuzzSelector` layout follow forge-std's StdInvariant so forge decodes them the same way.
abstract contract Test is TestBase {
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    address[] private _targetContracts;
    FuzzSelector[] private _targetSelectors;

    function targetContract(address target) internal {
        _targetContracts.push(target);
    }

    function targetSelector(FuzzSelector memory selector) internal {
        _targetSelectors.push(selector);
    }

    function targetContracts() public view returns (address[] memory) {
        return _targetContracts;
    }

    function targetSelectors() public view returns (FuzzSelector[] memory) {
        return _targetSelectors;
    }
}
