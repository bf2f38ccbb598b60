// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IRecovery} from "../src/interfaces/IRecovery.sol";
import {CareFixture} from "./lib/CareFixture.sol";

/// @notice Recovery: configure, request, delay with cancel, release of t shares to the new device.
contract RecoveryTest is CareFixture {
    address internal newDevice;
    bytes32 internal constant NEW_KEY = keccak256("new transport key");

    function setUp() public override {
        super.setUp();
        newDevice = makeAddr("new device");
    }

    function holders3() internal view returns (address[] memory h) {
        h = new address[](3);
        h[0] = parent;
        h[1] = aunt;
        h[2] = uncle;
    }

    function backup() internal pure returns (IRecovery.Backup memory b) {
        b.backupHash = keccak256("backup");
        b.sharesHash = keccak256("shares");
        b.backupRef = "bafybackup";
        b.sharesRef = "bafyshares";
    }

    /// @notice 2-of-3 over parent, aunt and uncle, with a 2-day delay.
    function configure2of3() internal {
        vm.prank(patient);
        recovery.configure(2, holders3(), 2 days, fakePoints(2, "feldman"), backup());
    }

    function request(address holder) internal returns (uint64) {
        vm.prank(holder);
        return recovery.requestRecovery(patient, newDevice, NEW_KEY);
    }

    function release(address holder, uint64 id) internal {
        vm.prank(holder);
        recovery.releaseShare(id, abi.encodePacked("sealed share of ", holder));
    }

    function test_configure_publishesCommitmentsAndHolders() public {
        vm.expectEmit(true, true, false, true, address(recovery));
        emit IRecovery.RecoveryConfigured(
            patient, 1, 2, holders3(), 2 days, fakePoints(2, "feldman"), backup()
        );
        configure2of3();
        IRecovery.Config memory c = recovery.config(patient);
        assertEq(c.generation, 1, "generation");
        assertEq(c.threshold, 2, "t");
        assertEq(c.holders, 3, "n");
        assertEq(c.commitmentsHash, keccak256(fakePoints(2, "feldman")), "commitments");
        assertEq(recovery.holderIndex(patient, aunt), 2, "aunt holds share 2");
    }

    function test_configure_checksItsTerms() public {
        vm.startPrank(patient);
        address[] memory h = holders3();
        vm.expectRevert(IRecovery.InvalidConfig.selector);
        recovery.configure(4, h, 2 days, fakePoints(4, "f"), backup());
        vm.expectRevert(IRecovery.InvalidConfig.selector);
        recovery.configure(2, h, 1 hours, fakePoints(2, "f"), backup());
        vm.expectRevert(IRecovery.InvalidConfig.selector);
        recovery.configure(2, h, 31 days, fakePoints(2, "f"), backup());
        vm.expectRevert(IRecovery.InvalidConfig.selector);
        recovery.configure(2, h, 2 days, fakePoints(3, "f"), backup());
        IRecovery.Backup memory b = backup();
        b.sharesRef = "";
        vm.expectRevert(IRecovery.InvalidConfig.selector);
        recovery.configure(2, h, 2 days, fakePoints(2, "f"), b);
        h[2] = parent;
        vm.expectRevert(abi.encodeWithSelector(IRecovery.InvalidHolder.selector, parent));
        recovery.configure(2, h, 2 days, fakePoints(2, "f"), backup());
        h[2] = patient;
        vm.expectRevert(abi.encodeWithSelector(IRecovery.InvalidHolder.selector, patient));
        recovery.configure(2, h, 2 days, fakePoints(2, "f"), backup());
        h[2] = stranger;
        vm.expectRevert(abi.encodeWithSelector(IRecovery.InvalidHolder.selector, stranger));
        recovery.configure(2, h, 2 days, fakePoints(2, "f"), backup());
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(IRecovery.PatientNotActive.selector, gp));
        vm.prank(gp);
        recovery.configure(2, holders3(), 2 days, fakePoints(2, "f"), backup());
    }

    function test_recovery_requestDelayRelease() public {
        configure2of3();
        vm.expectEmit(true, true, true, true, address(recovery));
        emit IRecovery.RecoveryRequested(
            1, patient, parent, newDevice, NEW_KEY, uint64(block.timestamp + 2 days)
        );
        uint64 id = request(parent);
        vm.expectRevert(
            abi.encodeWithSelector(IRecovery.DelayNotOver.selector, id, uint64(block.timestamp + 2 days))
        );
        release(parent, id);
        vm.warp(block.timestamp + 2 days);
        release(parent, id);
        assertEq(uint256(recovery.request(id).status), uint256(IRecovery.RequestStatus.Pending), "one share");
        vm.expectEmit(true, true, true, true, address(recovery));
        emit IRecovery.RecoveryCompleted(id, patient, newDevice, 0x5);
        release(uncle, id);
        IRecovery.Request memory r = recovery.request(id);
        assertEq(uint256(r.status), uint256(IRecovery.RequestStatus.Completed), "t shares");
        assertEq(r.releases, 2, "releases");
        // A spare after completion still lands, should a share fail its commitment.
        release(aunt, id);
        assertEq(recovery.request(id).releases, 3, "spare");
    }

    /// @dev Abuse: recovery with t − 1 shares does not complete, even long after the delay, and a
    /// holder cannot release twice to make up the count.
    function test_recovery_tMinusOneSharesDoNotComplete() public {
        vm.prank(patient);
        recovery.configure(3, holders3(), 1 days, fakePoints(3, "feldman"), backup());
        uint64 id = request(aunt);
        vm.warp(block.timestamp + 1 days);
        release(parent, id);
        release(aunt, id);
        vm.expectRevert(abi.encodeWithSelector(IRecovery.AlreadyReleased.selector, id, aunt));
        release(aunt, id);
        assertEq(uint256(recovery.request(id).status), uint256(IRecovery.RequestStatus.Pending), "t - 1");
        vm.warp(block.timestamp + 7 days);
        vm.expectRevert(abi.encodeWithSelector(IRecovery.RequestNotPending.selector, id));
        release(uncle, id);
        assertEq(
            uint256(recovery.request(id).status), uint256(IRecovery.RequestStatus.Pending), "never completed"
        );
    }

    function test_cancel_onlyByThePatientDuringTheDelay() public {
        configure2of3();
        uint64 id = request(parent);
        vm.expectRevert(abi.encodeWithSelector(IRecovery.PatientNotActive.selector, parent));
        vm.prank(parent);
        recovery.cancelRecovery(id);
        // A suspended patient (a stolen device) may still cancel.
        suspend(patient);
        vm.expectEmit(true, true, false, true, address(recovery));
        emit IRecovery.RecoveryCancelled(id, patient);
        vm.prank(patient);
        recovery.cancelRecovery(id);
        vm.warp(block.timestamp + 2 days);
        vm.expectRevert(abi.encodeWithSelector(IRecovery.RequestNotPending.selector, id));
        release(parent, id);
    }

    /// @dev After the delay a cancellation could race a share already public, so it is refused.
    function test_cancel_refusedAfterTheDelay() public {
        configure2of3();
        uint64 id = request(parent);
        vm.warp(block.timestamp + 2 days);
        vm.expectRevert(abi.encodeWithSelector(IRecovery.DelayOver.selector, id, uint64(block.timestamp)));
        vm.prank(patient);
        recovery.cancelRecovery(id);
    }

    function test_request_onlyByAnActiveHolder_oneAtATime() public {
        configure2of3();
        vm.expectRevert(abi.encodeWithSelector(IRecovery.NotHolder.selector, gp));
        request(gp);
        suspend(uncle);
        vm.expectRevert(abi.encodeWithSelector(IRecovery.NotHolder.selector, uncle));
        request(uncle);
        uint64 id = request(parent);
        vm.expectRevert(abi.encodeWithSelector(IRecovery.RequestInProgress.selector, id));
        request(aunt);
        vm.prank(patient);
        recovery.cancelRecovery(id);
        request(aunt);
        vm.expectRevert(IRecovery.InvalidRecipient.selector);
        vm.prank(parent);
        recovery.requestRecovery(patient, address(0), NEW_KEY);
        vm.expectRevert(abi.encodeWithSelector(IRecovery.NotConfigured.selector, patient2));
        vm.prank(parent);
        recovery.requestRecovery(patient2, newDevice, NEW_KEY);
    }

    /// @dev A new configuration retires the old holders and the request in progress.
    function test_reconfigure_retiresOldHoldersAndRequests() public {
        configure2of3();
        uint64 id = request(parent);
        address[] memory h = new address[](2);
        h[0] = aunt;
        h[1] = gp;
        vm.prank(patient);
        recovery.configure(2, h, 1 days, fakePoints(2, "feldman2"), backup());
        assertEq(recovery.holderIndex(patient, parent), 0, "parent retired");
        vm.warp(block.timestamp + 2 days);
        vm.expectRevert(abi.encodeWithSelector(IRecovery.RequestNotPending.selector, id));
        release(aunt, id);
        vm.expectRevert(abi.encodeWithSelector(IRecovery.NotHolder.selector, parent));
        request(parent);
        request(gp);
    }

    function test_release_checksTheShareAndHolder() public {
        configure2of3();
        uint64 id = request(parent);
        vm.warp(block.timestamp + 2 days);
        vm.expectRevert(abi.encodeWithSelector(IRecovery.InvalidShare.selector, 0));
        vm.prank(parent);
        recovery.releaseShare(id, "");
        vm.expectRevert(abi.encodeWithSelector(IRecovery.InvalidShare.selector, 257));
        vm.prank(parent);
        recovery.releaseShare(id, new bytes(257));
        vm.expectRevert(abi.encodeWithSelector(IRecovery.NotHolder.selector, gp));
        release(gp, id);
        vm.expectRevert(abi.encodeWithSelector(IRecovery.UnknownRequest.selector, 9));
        release(parent, 9);
    }
}
