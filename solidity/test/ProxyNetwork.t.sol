// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IProxyNetwork} from "../src/interfaces/IProxyNetwork.sol";
import {Dleq} from "../src/libraries/Dleq.sol";
import {ProxyFixture} from "./lib/ProxyFixture.sol";

contract ProxyNetworkTest is ProxyFixture {
    // --------------------------------------------------------- createCommittee

    function test_createCommittee_storesMembersAndDeadlinesAndEmits() public {
        vm.roll(100);
        address[] memory m = firstProxies(3);
        vm.expectEmit(true, true, false, true, address(network));
        emit IProxyNetwork.CommitteeCreated(1, admin, m, 2, 2, 110, 120, 130, 140);
        vm.prank(admin);
        uint64 id = network.createCommittee(m, 2, PHASE);

        assertEq(id, 1, "first id");
        assertEq(network.committeeCount(), 1, "count");
        IProxyNetwork.Committee memory c = network.committee(id);
        assertEq(c.size, 3, "size");
        assertEq(c.threshold, 2, "threshold");
        assertEq(network.threshold(id), 2, "threshold view");
        assertEq(c.quorum, 2, "quorum");
        assertEq(c.keyDeadline, 110, "keyDeadline");
        assertEq(c.confirmDeadline, 140, "confirmDeadline");
        assertEq(uint256(network.status(id)), uint256(IProxyNetwork.CommitteeStatus.Registering), "status");
        address[] memory got = network.members(id);
        assertEq(got.length, 3, "members");
        for (uint256 i; i < 3; ++i) {
            assertEq(got[i], m[i], "member order");
            assertEq(network.memberAt(id, uint8(i + 1)), m[i], "memberAt");
            assertEq(network.memberIndex(id, m[i]), i + 1, "memberIndex");
        }
        assertEq(network.memberIndex(id, proxies[3]), 0, "not a member");
        assertEq(network.memberAt(id, 4), address(0), "no member 4");
        assertEq(network.memberAt(id, 0), address(0), "no member 0");
    }

    function test_createCommittee_quorumIsMaxOfThresholdAndMajority() public {
        uint8[4][6] memory cases = [
            [uint8(1), 1, 1, 0],
            [uint8(3), 2, 2, 0],
            [uint8(3), 3, 3, 0],
            [uint8(5), 2, 3, 0],
            [uint8(4), 2, 3, 0],
            [uint8(6), 5, 5, 0]
        ];
        for (uint256 i; i < cases.length; ++i) {
            uint64 id = createCommittee(cases[i][0], cases[i][1]);
            assertEq(network.committee(id).quorum, cases[i][2], string.concat("quorum case ", vm.toString(i)));
        }
    }

    function test_createCommittee_revertsForNonAdmin() public {
        address[] memory m = firstProxies(3);
        vm.expectRevert(IProxyNetwork.NotAdmin.selector);
        vm.prank(registrar);
        network.createCommittee(m, 2, PHASE);
    }

    function test_createCommittee_revertsForBadSizeOrThreshold() public {
        address[] memory none = new address[](0);
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(IProxyNetwork.InvalidCommittee.selector, 0, 1));
        network.createCommittee(none, 1, PHASE);
        address[] memory m = firstProxies(3);
        vm.expectRevert(abi.encodeWithSelector(IProxyNetwork.InvalidCommittee.selector, 3, 0));
        network.createCommittee(m, 0, PHASE);
        vm.expectRevert(abi.encodeWithSelector(IProxyNetwork.InvalidCommittee.selector, 3, 4));
        network.createCommittee(m, 4, PHASE);
        address[] memory big = new address[](17);
        vm.expectRevert(abi.encodeWithSelector(IProxyNetwork.InvalidCommittee.selector, 17, 2));
        network.createCommittee(big, 2, PHASE);
        vm.stopPrank();
    }

    function test_createCommittee_revertsForBadPhase() public {
        address[] memory m = firstProxies(3);
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(IProxyNetwork.InvalidPhase.selector, 0));
        network.createCommittee(m, 2, 0);
        uint64 tooLong = network.MAX_PHASE_BLOCKS() + 1;
        vm.expectRevert(abi.encodeWithSelector(IProxyNetwork.InvalidPhase.selector, tooLong));
        network.createCommittee(m, 2, tooLong);
        vm.stopPrank();
    }

    function test_createCommittee_revertsForDuplicateMember() public {
        address[] memory m = firstProxies(3);
        m[2] = m[0];
        vm.expectRevert(abi.encodeWithSelector(IProxyNetwork.DuplicateMember.selector, m[0]));
        vm.prank(admin);
        network.createCommittee(m, 2, PHASE);
    }

    /// @notice Only active participants enrolled as proxies can be members: not an oracle, not a
    /// suspended proxy.
    function test_createCommittee_revertsForNonProxyMembers() public {
        address[] memory m = firstProxies(3);
        m[1] = oracle;
        vm.expectRevert(abi.encodeWithSelector(IProxyNetwork.NotActiveProxy.selector, oracle));
        vm.prank(admin);
        network.createCommittee(m, 2, PHASE);

        m = firstProxies(3);
        suspend(m[2]);
        vm.expectRevert(abi.encodeWithSelector(IProxyNetwork.NotActiveProxy.selector, m[2]));
        vm.prank(admin);
        network.createCommittee(m, 2, PHASE);
    }

    // ------------------------------------------------------------- registerKey

    function test_registerKey_storesAndEmits() public {
        uint64 id = createCommittee(3, 2);
        bytes memory key = pointFor("dkg", 0);
        vm.expectEmit(true, true, false, true, address(network));
        emit IProxyNetwork.DkgKeyRegistered(id, proxies[1], 2, key);
        vm.prank(proxies[1]);
        network.registerKey(id, key);
        assertEq(network.dkgKey(id, 2), key, "stored");
        assertEq(network.committee(id).keyMask, 2, "keyMask");
    }

    function test_registerKey_allKeysStartDealing() public {
        uint64 id = createCommittee(3, 2);
        registerAll(id);
        assertEq(uint256(network.status(id)), uint256(IProxyNetwork.CommitteeStatus.Dealing), "dealing");
    }

    function test_registerKey_revertsForNonMember() public {
        uint64 id = createCommittee(3, 2);
        bytes memory key = pointFor("dkg", 0);
        vm.expectRevert(abi.encodeWithSelector(IProxyNetwork.NotMember.selector, id, proxies[4]));
        vm.prank(proxies[4]);
        network.registerKey(id, key);
    }

    function test_registerKey_revertsForUnknownCommittee() public {
        bytes memory key = pointFor("dkg", 0);
        vm.expectRevert(abi.encodeWithSelector(IProxyNetwork.UnknownCommittee.selector, 9));
        vm.prank(proxies[0]);
        network.registerKey(9, key);
    }

    function test_registerKey_revertsForSuspendedMember() public {
        uint64 id = createCommittee(3, 2);
        suspend(proxies[0]);
        bytes memory key = pointFor("dkg", 0);
        vm.expectRevert(abi.encodeWithSelector(IProxyNetwork.NotActiveProxy.selector, proxies[0]));
        vm.prank(proxies[0]);
        network.registerKey(id, key);
    }

    function test_registerKey_revertsForInvalidPoint() public {
        uint64 id = createCommittee(3, 2);
        bytes memory key = pointFor("dkg", 0);
        key[0] = 0x04;
        vm.expectRevert(IProxyNetwork.InvalidPoint.selector);
        vm.prank(proxies[0]);
        network.registerKey(id, key);

        bytes memory offCurve = abi.encodePacked(bytes1(0x02), uint256(5)); // 5³ + 7 = 132 is no square mod p
        vm.expectRevert(IProxyNetwork.InvalidPoint.selector);
        vm.prank(proxies[0]);
        network.registerKey(id, offCurve);

        vm.expectRevert(abi.encodeWithSelector(IProxyNetwork.InvalidLength.selector, 32, 33));
        vm.prank(proxies[0]);
        network.registerKey(id, new bytes(32));
    }

    function test_registerKey_revertsWhenRepeated() public {
        uint64 id = createCommittee(3, 2);
        bytes memory key = pointFor("dkg", 0);
        vm.prank(proxies[0]);
        network.registerKey(id, key);
        vm.expectRevert(abi.encodeWithSelector(IProxyNetwork.AlreadyRegistered.selector, id, 1));
        vm.prank(proxies[0]);
        network.registerKey(id, key);
    }

    /// @notice A key missing at the deadline fails the committee; nothing more can be registered.
    function test_registerKey_afterDeadlineFailsCommittee() public {
        uint64 id = createCommittee(3, 2);
        bytes memory key = pointFor("dkg", 0);
        vm.roll(network.committee(id).keyDeadline + 1);
        assertEq(uint256(network.status(id)), uint256(IProxyNetwork.CommitteeStatus.Failed), "failed");
        vm.expectRevert(
            abi.encodeWithSelector(
                IProxyNetwork.WrongPhase.selector, id, IProxyNetwork.CommitteeStatus.Failed
            )
        );
        vm.prank(proxies[0]);
        network.registerKey(id, key);
    }

    // -------------------------------------------------------------------- deal

    function test_deal_storesHashAndEmits() public {
        uint64 id = createCommittee(3, 2);
        registerAll(id);
        bytes memory commitments = points("c", 2);
        bytes memory shares = encryptedShares(1, 3);
        vm.expectEmit(true, true, false, true, address(network));
        emit IProxyNetwork.DealPublished(id, proxies[0], 1, commitments, shares);
        vm.prank(proxies[0]);
        network.deal(id, commitments, shares);
        assertEq(network.dealHash(id, 1), keccak256(bytes.concat(commitments, shares)), "dealHash");
        assertEq(network.committee(id).dealMask, 1, "dealMask");
    }

    function test_deal_revertsBeforeEveryKey() public {
        uint64 id = createCommittee(3, 2);
        bytes memory commitments = points("c", 2);
        bytes memory shares = encryptedShares(1, 3);
        vm.expectRevert(
            abi.encodeWithSelector(
                IProxyNetwork.WrongPhase.selector, id, IProxyNetwork.CommitteeStatus.Registering
            )
        );
        vm.prank(proxies[0]);
        network.deal(id, commitments, shares);
    }

    function test_deal_revertsOnWrongLengths() public {
        uint64 id = createCommittee(3, 2);
        registerAll(id);
        bytes memory commitments = points("c", 3); // t + 1 commitments: a degree-t polynomial
        bytes memory shares = encryptedShares(1, 3);
        vm.expectRevert(abi.encodeWithSelector(IProxyNetwork.InvalidLength.selector, 99, 66));
        vm.prank(proxies[0]);
        network.deal(id, commitments, shares);
        commitments = points("c", 2);
        shares = encryptedShares(1, 2);
        vm.expectRevert(abi.encodeWithSelector(IProxyNetwork.InvalidLength.selector, 161, 193));
        vm.prank(proxies[0]);
        network.deal(id, commitments, shares);
    }

    /// @notice The shares field is R ‖ proof ‖ n masked shares (97 + 32n bytes): the earlier
    /// shape, one ephemeral point per share (65n bytes), has no proof of knowledge of the
    /// ephemeral key and is refused.
    function test_deal_takesOneEphemeralPointWithItsProof() public {
        uint64 id = createCommittee(3, 2);
        registerAll(id);
        bytes memory commitments = points("c", 2);
        bytes memory perShareEphemeral;
        for (uint256 i; i < 3; ++i) {
            perShareEphemeral =
                bytes.concat(perShareEphemeral, pointFor("ephemeral", i), keccak256(abi.encode("mask", i)));
        }
        vm.expectRevert(abi.encodeWithSelector(IProxyNetwork.InvalidLength.selector, 195, 193));
        vm.prank(proxies[0]);
        network.deal(id, commitments, perShareEphemeral);

        bytes memory shares = encryptedShares(1, 3);
        assertEq(shares.length, 97 + 32 * 3, "crypto/dkg's length");
        vm.prank(proxies[0]);
        network.deal(id, commitments, shares);
        assertEq(network.dealHash(id, 1), keccak256(bytes.concat(commitments, shares)), "deal hash");
    }

    function test_deal_revertsWhenRepeatedOrLate() public {
        uint64 id = createCommittee(3, 2);
        registerAll(id);
        dealBy(id, 1);
        bytes memory commitments = points("c", 2);
        bytes memory shares = encryptedShares(1, 3);
        vm.expectRevert(abi.encodeWithSelector(IProxyNetwork.AlreadyDealt.selector, id, 1));
        vm.prank(proxies[0]);
        network.deal(id, commitments, shares);

        dealBy(id, 2);
        vm.roll(network.committee(id).dealDeadline + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IProxyNetwork.WrongPhase.selector, id, IProxyNetwork.CommitteeStatus.Complaining
            )
        );
        vm.prank(proxies[2]);
        network.deal(id, commitments, shares);
    }

    /// @notice Fewer than t dealers at the deal deadline fail the committee.
    function test_deal_tooFewDealersFailCommittee() public {
        uint64 id = createCommittee(3, 2);
        registerAll(id);
        dealBy(id, 1);
        vm.roll(network.committee(id).dealDeadline + 1);
        assertEq(uint256(network.status(id)), uint256(IProxyNetwork.CommitteeStatus.Failed), "failed");
    }

    // --------------------------------------------------------------- complain

    function test_complain_recordsAndEmits() public {
        uint64 id = createCommittee(3, 2);
        registerAll(id);
        dealBy(id, 1);
        bytes memory shared = pointFor("shared", 0);
        bytes memory proof = abi.encodePacked(keccak256("c"), keccak256("s"));
        vm.expectEmit(true, true, false, true, address(network));
        emit IProxyNetwork.ComplaintFiled(id, proxies[2], 3, 1, shared, proof);
        vm.prank(proxies[2]); // during Dealing, as soon as the deal is out
        network.complain(id, 1, shared, proof);
        assertEq(network.complaints(id, 1), 4, "member 3 complained about dealer 1");

        dealBy(id, 2);
        vm.roll(network.committee(id).dealDeadline + 1); // Complaining
        vm.prank(proxies[0]);
        network.complain(id, 2, shared, proof);
        assertEq(network.complaints(id, 2), 1, "member 1 complained about dealer 2");
    }

    function test_complain_revertsForInvalidDealer() public {
        uint64 id = createCommittee(3, 2);
        registerAll(id);
        dealBy(id, 1);
        bytes memory shared = pointFor("shared", 0);
        bytes memory proof = new bytes(64);
        uint8[4] memory bad = [uint8(0), 2, 4, 1]; // none, has not dealt, out of range, itself
        for (uint256 i; i < bad.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(IProxyNetwork.InvalidDealer.selector, id, bad[i]));
            vm.prank(proxies[0]);
            network.complain(id, bad[i], shared, proof);
        }
    }

    function test_complain_revertsOnLengthsRepeatAndLateness() public {
        uint64 id = createCommittee(3, 2);
        registerAll(id);
        dealBy(id, 1);
        dealBy(id, 2);
        bytes memory shared = pointFor("shared", 0);
        vm.expectRevert(abi.encodeWithSelector(IProxyNetwork.InvalidLength.selector, 63, 64));
        vm.prank(proxies[2]);
        network.complain(id, 1, shared, new bytes(63));
        vm.expectRevert(abi.encodeWithSelector(IProxyNetwork.InvalidLength.selector, 34, 33));
        vm.prank(proxies[2]);
        network.complain(id, 1, bytes.concat(shared, hex"00"), new bytes(64));

        vm.prank(proxies[2]);
        network.complain(id, 1, shared, new bytes(64));
        vm.expectRevert(abi.encodeWithSelector(IProxyNetwork.AlreadyComplained.selector, id, 3, 1));
        vm.prank(proxies[2]);
        network.complain(id, 1, shared, new bytes(64));

        vm.roll(network.committee(id).complaintDeadline + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IProxyNetwork.WrongPhase.selector, id, IProxyNetwork.CommitteeStatus.Confirming
            )
        );
        vm.prank(proxies[2]);
        network.complain(id, 2, shared, new bytes(64));
    }

    // ----------------------------------------------------------------- confirm

    function test_confirm_quorumActivatesAndEmits() public {
        uint64 id = createCommittee(3, 2);
        toConfirming(id);
        bytes memory key = pointFor("committee key", 0);
        bytes memory shares = publicShares(3);
        bytes32 h = keccak256(shares);
        vm.prank(proxies[0]);
        network.confirm(id, key, h);
        assertEq(
            uint256(network.status(id)),
            uint256(IProxyNetwork.CommitteeStatus.Confirming),
            "one is not a quorum"
        );

        vm.expectEmit(true, true, false, true, address(network));
        emit IProxyNetwork.TranscriptConfirmed(id, proxies[2], 3, key, h);
        vm.expectEmit(true, false, false, true, address(network));
        emit IProxyNetwork.CommitteeActivated(id, key, h, 5);
        vm.prank(proxies[2]);
        network.confirm(id, key, h);

        assertEq(uint256(network.status(id)), uint256(IProxyNetwork.CommitteeStatus.Active), "active");
        assertEq(network.publicKey(id), key, "publicKey");
        assertEq(network.sharesHash(id), h, "sharesHash");

        // A late confirmation is recorded but changes nothing.
        bytes memory other = pointFor("other key", 0);
        vm.prank(proxies[1]);
        network.confirm(id, other, h);
        assertEq(network.publicKey(id), key, "key fixed");
        assertEq(network.committee(id).confirmMask, 7, "everyone confirmed");
    }

    /// @notice Confirmations of different transcripts do not add up.
    function test_confirm_disagreementDoesNotActivate() public {
        uint64 id = createCommittee(3, 2);
        toConfirming(id);
        bytes32 h = keccak256(publicShares(3));
        vm.prank(proxies[0]);
        network.confirm(id, pointFor("committee key", 0), h);
        vm.prank(proxies[1]);
        network.confirm(id, pointFor("committee key", 1), h);
        vm.prank(proxies[2]);
        network.confirm(id, pointFor("committee key", 0), keccak256("other shares"));
        assertEq(uint256(network.status(id)), uint256(IProxyNetwork.CommitteeStatus.Confirming), "no quorum");
        vm.roll(network.committee(id).confirmDeadline + 1);
        assertEq(uint256(network.status(id)), uint256(IProxyNetwork.CommitteeStatus.Failed), "failed");
        vm.expectRevert(
            abi.encodeWithSelector(
                IProxyNetwork.WrongPhase.selector, id, IProxyNetwork.CommitteeStatus.Failed
            )
        );
        vm.prank(proxies[0]);
        network.confirm(id, pointFor("committee key", 0), h);
    }

    function test_confirm_revertsBeforeComplaintsCloseRepeatedAndMalformed() public {
        uint64 id = createCommittee(3, 2);
        registerAll(id);
        dealBy(id, 1);
        dealBy(id, 2);
        bytes memory key = pointFor("committee key", 0);
        bytes32 h = keccak256(publicShares(3));
        vm.expectRevert(
            abi.encodeWithSelector(
                IProxyNetwork.WrongPhase.selector, id, IProxyNetwork.CommitteeStatus.Dealing
            )
        );
        vm.prank(proxies[0]);
        network.confirm(id, key, h);
        vm.roll(network.committee(id).complaintDeadline + 1);

        vm.expectRevert(IProxyNetwork.EmptySharesHash.selector);
        vm.prank(proxies[0]);
        network.confirm(id, key, bytes32(0));
        vm.expectRevert(IProxyNetwork.InvalidPoint.selector);
        vm.prank(proxies[0]);
        network.confirm(id, abi.encodePacked(bytes1(0x03), uint256(5)), h);

        vm.prank(proxies[0]);
        network.confirm(id, key, h);
        vm.expectRevert(abi.encodeWithSelector(IProxyNetwork.AlreadyConfirmed.selector, id, 1));
        vm.prank(proxies[0]);
        network.confirm(id, key, h);
    }

    function test_confirm_revertsForSuspendedMember() public {
        uint64 id = createCommittee(3, 2);
        toConfirming(id);
        suspend(proxies[1]);
        bytes memory key = pointFor("committee key", 0);
        vm.expectRevert(abi.encodeWithSelector(IProxyNetwork.NotActiveProxy.selector, proxies[1]));
        vm.prank(proxies[1]);
        network.confirm(id, key, keccak256("shares"));
    }

    // ------------------------------------------------------------------ retire

    function test_retire_byAdminOnlyOnce() public {
        uint64 id = activeCommittee(3, 2);
        vm.expectRevert(IProxyNetwork.NotAdmin.selector);
        vm.prank(proxies[0]);
        network.retire(id);

        vm.expectEmit(true, true, false, false, address(network));
        emit IProxyNetwork.CommitteeRetired(id, admin);
        vm.prank(admin);
        network.retire(id);
        assertEq(uint256(network.status(id)), uint256(IProxyNetwork.CommitteeStatus.Retired), "retired");

        vm.expectRevert(
            abi.encodeWithSelector(
                IProxyNetwork.WrongPhase.selector, id, IProxyNetwork.CommitteeStatus.Retired
            )
        );
        vm.prank(admin);
        network.retire(id);
        vm.expectRevert(abi.encodeWithSelector(IProxyNetwork.UnknownCommittee.selector, 7));
        vm.prank(admin);
        network.retire(7);
    }

    // ------------------------------------------------------------------- views

    function test_publicShare_checksTheVectorAgainstTheHash() public {
        uint64 id = activeCommittee(3, 2);
        bytes memory shares = publicShares(3);
        (uint256 x, uint256 y) = network.publicShare(id, 2, shares);
        bytes memory want = pointFor("public share", 1);
        assertEq(compressed(Dleq.Point(x, y)), want, "member 2's share");

        shares[40] ^= 0x01;
        vm.expectRevert(abi.encodeWithSelector(IProxyNetwork.SharesMismatch.selector, id));
        network.publicShare(id, 2, shares);
        vm.expectRevert(abi.encodeWithSelector(IProxyNetwork.InvalidMember.selector, id, 4));
        network.publicShare(id, 4, publicShares(3));
        vm.expectRevert(abi.encodeWithSelector(IProxyNetwork.InvalidLength.selector, 66, 99));
        network.publicShare(id, 1, publicShares(2));

        uint64 pending = createCommittee(3, 2);
        vm.expectRevert(
            abi.encodeWithSelector(
                IProxyNetwork.WrongPhase.selector, pending, IProxyNetwork.CommitteeStatus.Registering
            )
        );
        network.publicShare(pending, 1, shares);
    }

    function test_isActiveMember() public {
        uint64 id = createCommittee(3, 2);
        assertTrue(network.isActiveMember(id, 2, proxies[1]), "member 2");
        assertFalse(network.isActiveMember(id, 1, proxies[1]), "wrong index");
        assertFalse(network.isActiveMember(id, 4, proxies[3]), "not a member");
        assertFalse(network.isActiveMember(id, 4, address(0)), "empty slot");
        assertFalse(network.isActiveMember(2, 1, proxies[0]), "unknown committee");
        suspend(proxies[1]);
        assertFalse(network.isActiveMember(id, 2, proxies[1]), "suspended");
        reinstate(proxies[1]);
        assertTrue(network.isActiveMember(id, 2, proxies[1]), "reinstated");
        remove(proxies[1]);
        assertFalse(network.isActiveMember(id, 2, proxies[1]), "removed");
    }

    function test_status_unknownIsNone() public view {
        assertEq(uint256(network.status(1)), 0, "None");
        assertEq(network.committee(1).size, 0, "empty");
        assertEq(network.members(1).length, 0, "no members");
    }
}
