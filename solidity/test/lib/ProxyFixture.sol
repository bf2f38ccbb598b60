// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ProxyNetwork} from "../../src/ProxyNetwork.sol";
import {IProxyNetwork} from "../../src/interfaces/IProxyNetwork.sol";
import {IRegistry} from "../../src/interfaces/IRegistry.sol";
import {DleqProver} from "./DleqProver.sol";
import {Fixture} from "./Fixture.sol";

/// @title ProxyFixture
/// @notice `Fixture` plus a ProxyNetwork and `PROXIES` enrolled proxy nodes, with helpers that
/// walk a committee through its DKG with well-formed messages.
abstract contract ProxyFixture is Fixture, DleqProver {
    uint256 internal constant PROXIES = 6;
    uint64 internal constant PHASE = 10;

    ProxyNetwork internal network;
    address[] internal proxies;

    function setUp() public virtual override {
        super.setUp();
        network = new ProxyNetwork(registry);
        for (uint256 i; i < PROXIES; ++i) {
            address p = makeAddr(string.concat("proxy", vm.toString(i + 1)));
            enroll(p, IRegistry.Role.Proxy);
            proxies.push(p);
        }
    }

    /// @notice The first `n` proxies, in order.
    function firstProxies(uint256 n) internal view returns (address[] memory list) {
        list = new address[](n);
        for (uint256 i; i < n; ++i) {
            list[i] = proxies[i];
        }
    }

    function createCommittee(uint256 n, uint8 t) internal returns (uint64 id) {
        vm.prank(admin);
        id = network.createCommittee(firstProxies(n), t, PHASE);
    }

    /// @notice A compressed point that stands for member `i`'s DKG key (or any other labelled point).
    function pointFor(string memory label, uint256 i) internal returns (bytes memory) {
        return compressed(mulG(uint256(keccak256(abi.encode(label, i)))));
    }

    /// @notice `count` points concatenated, compressed.
    function points(string memory label, uint256 count) internal returns (bytes memory out) {
        for (uint256 i; i < count; ++i) {
            out = bytes.concat(out, pointFor(label, i));
        }
    }

    /// @notice A deal's shares field for n members, shaped as crypto/dkg makes it: ephemeral point
    /// R ‖ 64-byte proof of knowledge of log R ‖ one 32-byte masked share per member.
    function encryptedShares(uint256 dealer, uint256 n) internal returns (bytes memory out) {
        out = bytes.concat(
            pointFor("ephemeral", dealer),
            keccak256(abi.encode("proof c", dealer)),
            keccak256(abi.encode("proof s", dealer))
        );
        for (uint256 i; i < n; ++i) {
            out = bytes.concat(out, keccak256(abi.encode("mask", dealer, i)));
        }
    }

    function registerAll(uint64 id) internal {
        address[] memory m = network.members(id);
        for (uint256 i; i < m.length; ++i) {
            vm.prank(m[i]);
            network.registerKey(id, pointFor("dkg", i));
        }
    }

    function dealBy(uint64 id, uint8 member) internal {
        IProxyNetwork.Committee memory c = network.committee(id);
        vm.prank(network.memberAt(id, member));
        network.deal(
            id,
            points(string.concat("commit", vm.toString(member)), c.threshold),
            encryptedShares(member, c.size)
        );
    }

    /// @notice The committee's public shares X_1 ‖ … ‖ X_n, as its members would confirm them.
    function publicShares(uint256 n) internal returns (bytes memory) {
        return points("public share", n);
    }

    /// @notice Registers every key, lets every member deal, and rolls to the confirmation phase.
    function toConfirming(uint64 id) internal {
        registerAll(id);
        uint8 n = network.committee(id).size;
        for (uint8 i = 1; i <= n; ++i) {
            dealBy(id, i);
        }
        vm.roll(network.committee(id).complaintDeadline + 1);
    }

    /// @notice A committee of n members with threshold t, through its DKG to Active.
    function activeCommittee(uint256 n, uint8 t) internal returns (uint64 id) {
        id = createCommittee(n, t);
        toConfirming(id);
        bytes memory key = pointFor("committee key", id);
        bytes32 shares = keccak256(publicShares(n));
        uint8 quorum = network.committee(id).quorum;
        for (uint8 i = 1; i <= quorum; ++i) {
            vm.prank(network.memberAt(id, i));
            network.confirm(id, key, shares);
        }
        require(network.status(id) == IProxyNetwork.CommitteeStatus.Active, "committee not active");
    }
}
