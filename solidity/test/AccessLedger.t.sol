// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IAccessLedger} from "../src/interfaces/IAccessLedger.sol";
import {IRegistry} from "../src/interfaces/IRegistry.sol";
import {IThresholdAnswers} from "../src/interfaces/IThresholdAnswers.sol";
import {GateFixture} from "./lib/GateFixture.sol";

/// @notice Requests, grants, revocation, expiry and get-access. The members' answers are tested in
/// AccessAnswers.t.sol.
contract AccessLedgerTest is GateFixture {
    bytes32 internal recordId;

    function setUp() public override {
        super.setUp();
        recordId = createRecord(1);
    }

    function grantWindow(uint64 requestId, uint64 notBefore, uint64 notAfter) internal {
        IAccessLedger.GrantInput memory g = grantInput(0, 1);
        g.notBefore = notBefore;
        g.notAfter = notAfter;
        grantWith(requestId, g);
    }

    function expectGrantRevert(uint64 requestId, IAccessLedger.GrantInput memory g, bytes memory err)
        internal
    {
        bytes memory c = shareCommitments(_popcount(g.memberMask));
        vm.expectRevert(err);
        vm.prank(patient);
        ledger.grantAccess(requestId, g, c);
    }

    function granted() internal returns (uint64 requestId) {
        requestId = requestAs(requester, recordId, 0);
        grant(requestId, 1 days);
    }

    function expectGetAccessRevert(uint64 requestId, bytes memory err) internal {
        (bool live, bytes4 selector) = ledger.checkGrant(requestId, grants[requestId]);
        assertFalse(live, "checkGrant live");
        assertEq(bytes32(selector), bytes32(bytes4(err)), "checkGrant selector matches getAccess");
        vm.expectRevert(err);
        invoke(requester, requestId);
    }

    function test_constructor_storesDependencies() public view {
        assertEq(address(ledger.registry()), address(registry), "registry");
        assertEq(address(ledger.records()), address(records), "records");
        assertEq(ledger.requestCount(), 0, "requestCount");
        assertEq(ledger.accessCount(), 0, "accessCount");
    }

    function test_grantCommitment_bindsEverything() public {
        bytes memory c = shareCommitments(3);
        bytes32 capsule = keccak256("capsule");
        bytes32 expected = keccak256(
            abi.encode(
                REKEY_BUNDLE_HASH,
                keccak256(c),
                requester,
                recordId,
                uint32(3),
                capsule,
                COMMITTEE,
                THRESHOLD,
                MEMBERS
            )
        );
        assertEq(
            ledger.grantCommitment(
                REKEY_BUNDLE_HASH, c, requester, recordId, 3, capsule, COMMITTEE, THRESHOLD, MEMBERS
            ),
            expected,
            "commitment"
        );
    }

    // ---------------------------------------------------------- requestAccess

    function test_requestAccess_storesAndEmits() public {
        vm.expectEmit(true, true, true, true, address(ledger));
        emit IAccessLedger.AccessRequested(1, patient, requester, recordId, 2, TREATMENT);
        uint64 id = requestAs(requester, recordId, 2);
        assertEq(id, 1, "first id");
        assertEq(ledger.requestCount(), 1, "requestCount");

        IAccessLedger.Request memory q = ledger.request(id);
        assertEq(q.requester, requester, "requester");
        assertEq(ledger.patientOf(id), patient, "patient");
        assertEq(q.recordId, recordId, "recordId");
        assertEq(q.operation, 2, "operation");
        assertEq(uint256(q.status), uint256(IAccessLedger.RequestStatus.Requested), "status");
        assertEq(q.version, 0, "no version before grant");
        assertEq(q.grantHash, bytes32(0), "no grant before the grant");

        assertEq(requestAs(requester2, recordId, 0), 2, "ids increment");
    }

    function test_requestAccess_allowedForProvider() public {
        uint64 id = requestAs(provider2, recordId, 0);
        assertEq(ledger.request(id).requester, provider2, "provider requested");
    }

    function test_requestAccess_revertsForUnenrolled() public {
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.RequesterNotActive.selector, stranger));
        requestAs(stranger, recordId, 0);
    }

    function test_requestAccess_revertsForSuspended() public {
        suspend(requester);
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.RequesterNotActive.selector, requester));
        requestAs(requester, recordId, 0);
    }

    function test_requestAccess_revertsForPatient() public {
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.RequesterNotActive.selector, patient2));
        requestAs(patient2, recordId, 0);
    }

    function test_requestAccess_revertsForOracle() public {
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.RequesterNotActive.selector, oracle));
        requestAs(oracle, recordId, 0);
    }

    function test_requestAccess_revertsOnOperationEight() public {
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.InvalidOperation.selector, 8));
        requestAs(requester, recordId, 8);
    }

    function test_requestAccess_revertsForUnknownRecord() public {
        bytes32 unknown = keccak256("nope");
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.RecordNotActive.selector, unknown));
        requestAs(requester, unknown, 0);
    }

    function test_requestAccess_revertsForDeletedRecord() public {
        vm.prank(patient);
        records.deleteRecord(recordId);
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.RecordNotActive.selector, recordId));
        requestAs(requester, recordId, 0);
    }

    // ------------------------------------------------------------ grantAccess

    function test_grantAccess_bindsVersionGenerationAndCommitmentsAndEmits() public {
        updateRecordAs(providerKey, recordId, 2);
        vm.prank(patient);
        records.rewrapKey(recordId, keccak256("capsule g1"), "capsule g1");
        uint64 id = requestAs(requester, recordId, 3);
        IAccessLedger.GrantInput memory g = grantInput(3, 100);
        g.notBefore = uint64(T0 + 10);
        g.notAfter = uint64(T0 + 100);
        g.operations = 0x09;
        g.maxUses = 5;
        uint64 c5 = activeCommittee(5, 3);
        g.committeeId = c5;
        g.threshold = 3;
        g.memberMask = 0x1d; // members 1, 3, 4, 5
        bytes memory c = shareCommitments(4);
        bytes32 commitment = ledger.grantCommitment(
            REKEY_BUNDLE_HASH, c, requester, recordId, 2, keccak256("capsule g1"), c5, 3, 0x1d
        );

        IAccessLedger.Grant memory terms = IAccessLedger.Grant({
            notBefore: uint64(T0 + 10),
            notAfter: uint64(T0 + 100),
            operations: 0x09,
            committeeId: c5,
            threshold: 3,
            memberMask: 0x1d,
            commitment: commitment
        });

        vm.expectEmit(true, true, true, true, address(ledger));
        emit IAccessLedger.AccessGranted(
            id, patient, requester, recordId, 2, 1, 5, terms, REKEY_BUNDLE_HASH, REKEY_BUNDLE_REF, c
        );
        vm.prank(patient);
        ledger.grantAccess(id, g, c);

        IAccessLedger.Request memory q = ledger.request(id);
        assertEq(uint256(q.status), uint256(IAccessLedger.RequestStatus.Granted), "status");
        assertEq(q.version, 2, "version");
        assertEq(q.generation, 1, "generation");
        assertEq(q.requesterRole, uint256(IRegistry.Role.Requester), "requesterRole");
        assertEq(q.usesLeft, 5, "uses");
        assertEq(q.grantHash, keccak256(abi.encode(terms)), "grant hash");
        assertEq(ledger.grantHash(terms), q.grantHash, "grantHash view");
        assertEq(q.grantHash, keccak256(abi.encode(termsOf(id, g, c))), "the fixture's terms agree");
    }

    /// @dev The terms come back in calldata; any other terms are refused, so a requester cannot
    /// widen its window, committee or threshold.
    function test_getAccess_revertsOnOtherTerms() public {
        uint64 id = requestAs(requester, recordId, 0);
        grant(id, 1 days);
        IAccessLedger.Grant memory t = grants[id];
        t.notAfter += 1;
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.GrantMismatch.selector, id));
        vm.prank(requester);
        ledger.getAccess(id, t);
        t = grants[id];
        t.threshold = 1;
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.GrantMismatch.selector, id));
        vm.prank(requester);
        ledger.getAccess(id, t);
        t = grants[id];
        t.commitment = keccak256("other");
        (bool live, bytes4 err) = ledger.checkGrant(id, t);
        assertFalse(live, "checkGrant refuses other terms");
        assertEq(bytes32(err), bytes32(IAccessLedger.GrantMismatch.selector), "GrantMismatch");
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.GrantMismatch.selector, id));
        ledger.expire(id, t);
    }

    function test_grantAccess_windowEndingNowIsValid() public {
        uint64 id = requestAs(requester, recordId, 0);
        grantWindow(id, uint64(T0 - 10), uint64(T0));
        assertEq(uint256(ledger.request(id).status), uint256(IAccessLedger.RequestStatus.Granted), "granted");
    }

    function test_grantAccess_revertsForUnknownRequest() public {
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.UnknownRequest.selector, 7));
        vm.prank(patient);
        ledger.grantAccess(7, grantInput(0, 1), shareCommitments(3));
    }

    function test_grantAccess_revertsForNonPatient() public {
        uint64 id = requestAs(requester, recordId, 0);
        IAccessLedger.GrantInput memory g = grantInput(0, 1);
        bytes memory c = shareCommitments(3);
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.NotPatient.selector, requester));
        vm.prank(requester);
        ledger.grantAccess(id, g, c);
    }

    function test_grantAccess_revertsWhenAlreadyGranted() public {
        uint64 id = granted();
        expectGrantRevert(
            id,
            grantInput(0, 1),
            abi.encodeWithSelector(
                IAccessLedger.InvalidRequestStatus.selector, id, IAccessLedger.RequestStatus.Granted
            )
        );
    }

    function test_grantAccess_revertsWhenRevoked() public {
        uint64 id = requestAs(requester, recordId, 0);
        vm.prank(requester);
        ledger.revokeAccess(id);
        expectGrantRevert(
            id,
            grantInput(0, 1),
            abi.encodeWithSelector(
                IAccessLedger.InvalidRequestStatus.selector, id, IAccessLedger.RequestStatus.Revoked
            )
        );
    }

    function test_grantAccess_revertsOnInvertedWindow() public {
        uint64 id = requestAs(requester, recordId, 0);
        IAccessLedger.GrantInput memory g = grantInput(0, 1);
        g.notBefore = uint64(T0 + 10);
        g.notAfter = uint64(T0 + 9);
        expectGrantRevert(
            id, g, abi.encodeWithSelector(IAccessLedger.InvalidWindow.selector, T0 + 10, T0 + 9)
        );
    }

    function test_grantAccess_revertsOnWindowInThePast() public {
        uint64 id = requestAs(requester, recordId, 0);
        IAccessLedger.GrantInput memory g = grantInput(0, 1);
        g.notBefore = uint64(T0 - 10);
        g.notAfter = uint64(T0 - 1);
        expectGrantRevert(
            id, g, abi.encodeWithSelector(IAccessLedger.InvalidWindow.selector, T0 - 10, T0 - 1)
        );
    }

    function test_grantAccess_revertsWhenOperationNotIncluded() public {
        uint64 id = requestAs(requester, recordId, 1);
        IAccessLedger.GrantInput memory g = grantInput(1, 1);
        g.operations = 0xfd;
        expectGrantRevert(id, g, abi.encodeWithSelector(IAccessLedger.OperationNotAllowed.selector, 1, 0xfd));
    }

    function test_grantAccess_revertsOnZeroUses() public {
        uint64 id = requestAs(requester, recordId, 0);
        IAccessLedger.GrantInput memory g = grantInput(0, 1);
        g.maxUses = 0;
        expectGrantRevert(id, g, abi.encodeWithSelector(IAccessLedger.InvalidMaxUses.selector));
    }

    function test_grantAccess_revertsOnEmptyBundleOrCommittee() public {
        uint64 id = requestAs(requester, recordId, 0);
        IAccessLedger.GrantInput memory g = grantInput(0, 1);
        g.bundleHash = bytes32(0);
        expectGrantRevert(id, g, abi.encodeWithSelector(IAccessLedger.EmptyField.selector));
        g = grantInput(0, 1);
        g.bundleRef = "";
        expectGrantRevert(id, g, abi.encodeWithSelector(IAccessLedger.EmptyField.selector));
        g = grantInput(0, 1);
        g.committeeId = 0;
        expectGrantRevert(id, g, abi.encodeWithSelector(IAccessLedger.EmptyField.selector));
    }

    function test_grantAccess_revertsOnBadThreshold() public {
        uint64 id = requestAs(requester, recordId, 0);
        IAccessLedger.GrantInput memory g = grantInput(0, 1);
        g.threshold = 0;
        expectGrantRevert(id, g, abi.encodeWithSelector(IAccessLedger.InvalidThreshold.selector, 0, MEMBERS));
        g.threshold = 4;
        expectGrantRevert(id, g, abi.encodeWithSelector(IAccessLedger.InvalidThreshold.selector, 4, MEMBERS));
        g.threshold = 1;
        g.memberMask = 0;
        expectGrantRevert(id, g, abi.encodeWithSelector(IAccessLedger.InvalidThreshold.selector, 1, 0));
    }

    function test_grantAccess_revertsForCommitteeNotActive() public {
        uint64 id = requestAs(requester, recordId, 0);
        IAccessLedger.GrantInput memory g = grantInput(0, 1);
        g.committeeId = 9; // unknown
        expectGrantRevert(id, g, abi.encodeWithSelector(IAccessLedger.CommitteeNotActive.selector, 9));
        g.committeeId = createCommittee(3, 2); // still in its DKG
        expectGrantRevert(
            id, g, abi.encodeWithSelector(IAccessLedger.CommitteeNotActive.selector, g.committeeId)
        );
        vm.prank(admin);
        network.retire(COMMITTEE);
        expectGrantRevert(
            id, grantInput(0, 1), abi.encodeWithSelector(IAccessLedger.CommitteeNotActive.selector, COMMITTEE)
        );
    }

    function test_grantAccess_revertsForMembersTheCommitteeLacks() public {
        uint64 id = requestAs(requester, recordId, 0);
        IAccessLedger.GrantInput memory g = grantInput(0, 1);
        g.memberMask = 0x0b; // members 1, 2 and 4 of a three-member committee
        expectGrantRevert(
            id, g, abi.encodeWithSelector(IAccessLedger.UnknownMembers.selector, COMMITTEE, 0x0b)
        );
    }

    function test_grantAccess_revertsOnCommitmentCount() public {
        uint64 id = requestAs(requester, recordId, 0);
        IAccessLedger.GrantInput memory g = grantInput(0, 1);
        bytes memory c = shareCommitments(2);
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.InvalidCommitments.selector, 128, 3));
        vm.prank(patient);
        ledger.grantAccess(id, g, c);
        c = bytes.concat(shareCommitments(3), hex"00");
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.InvalidCommitments.selector, 193, 3));
        vm.prank(patient);
        ledger.grantAccess(id, g, c);
        // Right length, but the second point is off the curve.
        c = shareCommitments(3);
        c[100] ^= 0x01;
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.InvalidCommitments.selector, 192, 3));
        vm.prank(patient);
        ledger.grantAccess(id, g, c);
    }

    function test_grantAccess_revertsForDeletedRecord() public {
        uint64 id = requestAs(requester, recordId, 0);
        vm.prank(patient);
        records.deleteRecord(recordId);
        expectGrantRevert(
            id, grantInput(0, 1), abi.encodeWithSelector(IAccessLedger.RecordNotActive.selector, recordId)
        );
    }

    function test_grantAccess_revertsForSuspendedPatient() public {
        uint64 id = requestAs(requester, recordId, 0);
        suspend(patient);
        expectGrantRevert(
            id, grantInput(0, 1), abi.encodeWithSelector(IAccessLedger.PatientNotActive.selector, patient)
        );
    }

    function test_grantAccess_revertsForRemovedPatient() public {
        uint64 id = requestAs(requester, recordId, 0);
        remove(patient);
        expectGrantRevert(
            id, grantInput(0, 1), abi.encodeWithSelector(IAccessLedger.PatientNotActive.selector, patient)
        );
    }

    function test_grantAccess_worksAgainAfterReinstatement() public {
        uint64 id = requestAs(requester, recordId, 0);
        suspend(patient);
        reinstate(patient);
        grant(id, 1);
        assertEq(uint256(ledger.request(id).status), uint256(IAccessLedger.RequestStatus.Granted), "granted");
    }

    // ----------------------------------------------------------- revokeAccess

    function test_revokeAccess_byPatientOfPendingRequest() public {
        uint64 id = requestAs(requester, recordId, 0);
        vm.expectEmit(true, true, true, true, address(ledger));
        emit IAccessLedger.AccessRevoked(id, patient, requester, patient);
        vm.prank(patient);
        ledger.revokeAccess(id);
        assertEq(uint256(ledger.request(id).status), uint256(IAccessLedger.RequestStatus.Revoked), "status");
    }

    function test_revokeAccess_byRequesterOfGrant() public {
        uint64 id = granted();
        vm.expectEmit(true, true, true, true, address(ledger));
        emit IAccessLedger.AccessRevoked(id, patient, requester, requester);
        vm.prank(requester);
        ledger.revokeAccess(id);
        expectGetAccessRevert(id, abi.encodeWithSelector(IAccessLedger.GrantRevoked.selector, id));
    }

    function test_revokeAccess_allowedForSuspendedPatient() public {
        // Taking access away stays possible while suspended: it is what a leaked key calls for.
        uint64 id = granted();
        suspend(patient);
        vm.prank(patient);
        ledger.revokeAccess(id);
        assertEq(uint256(ledger.request(id).status), uint256(IAccessLedger.RequestStatus.Revoked), "revoked");
    }

    function test_revokeAccess_revertsForRemovedParty() public {
        uint64 id = granted();
        remove(requester);
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.NotParty.selector, requester));
        vm.prank(requester);
        ledger.revokeAccess(id);
    }

    function test_revokeAccess_revertsForThirdParty() public {
        uint64 id = granted();
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.NotParty.selector, provider));
        vm.prank(provider);
        ledger.revokeAccess(id);
    }

    function test_revokeAccess_revertsForUnknownRequest() public {
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.UnknownRequest.selector, 1));
        vm.prank(patient);
        ledger.revokeAccess(1);
    }

    function test_revokeAccess_revertsWhenAlreadyRevoked() public {
        uint64 id = granted();
        vm.prank(patient);
        ledger.revokeAccess(id);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessLedger.InvalidRequestStatus.selector, id, IAccessLedger.RequestStatus.Revoked
            )
        );
        vm.prank(requester);
        ledger.revokeAccess(id);
    }

    /// @dev An expired grant may still have accesses in flight, so revoking it is allowed.
    function test_revokeAccess_ofExpiredGrant() public {
        uint64 id = granted();
        vm.warp(T0 + 1 days + 1);
        ledger.expire(id, grants[id]);
        vm.prank(patient);
        ledger.revokeAccess(id);
        assertEq(uint256(ledger.request(id).status), uint256(IAccessLedger.RequestStatus.Revoked), "revoked");
    }

    // ----------------------------------------------------------------- expire

    function test_expire_byAnyoneAfterWindowAndEmits() public {
        uint64 id = granted();
        vm.warp(T0 + 1 days + 1);
        vm.expectEmit(true, true, true, true, address(ledger));
        emit IAccessLedger.AccessExpired(id, patient, requester);
        vm.prank(stranger);
        ledger.expire(id, grants[id]);
        assertEq(uint256(ledger.request(id).status), uint256(IAccessLedger.RequestStatus.Expired), "status");
        expectGetAccessRevert(
            id,
            abi.encodeWithSelector(
                IAccessLedger.InvalidRequestStatus.selector, id, IAccessLedger.RequestStatus.Expired
            )
        );
    }

    function test_expire_revertsAtLastValidSecond() public {
        uint64 id = granted();
        vm.warp(T0 + 1 days);
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.GrantStillValid.selector, id, T0 + 1 days));
        ledger.expire(id, grants[id]);
    }

    function test_expire_revertsForUngrantedRequest() public {
        uint64 id = requestAs(requester, recordId, 0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessLedger.InvalidRequestStatus.selector, id, IAccessLedger.RequestStatus.Requested
            )
        );
        ledger.expire(id, grants[id]);
    }

    function test_expire_revertsForRevokedGrant() public {
        uint64 id = granted();
        vm.prank(patient);
        ledger.revokeAccess(id);
        vm.warp(T0 + 2 days);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessLedger.InvalidRequestStatus.selector, id, IAccessLedger.RequestStatus.Revoked
            )
        );
        ledger.expire(id, grants[id]);
    }

    function test_expire_revertsForUnknownRequest() public {
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.UnknownRequest.selector, 9));
        ledger.expire(9, grants[9]);
    }

    // -------------------------------------------------------------- getAccess

    function test_getAccess_spendsAUseAndEmits() public {
        uint64 id = requestAs(requester, recordId, 0);
        grant(id, 1 days, 2);
        (bool live, bytes4 err) = ledger.checkGrant(id, grants[id]);
        assertTrue(live, "checkGrant live");
        assertEq(bytes32(err), bytes32(0), "no error");

        vm.expectEmit(true, true, true, true, address(ledger));
        emit IAccessLedger.AccessInvoked(1, id, patient, requester, recordId, 1, 1);
        uint64 accessId = invoke(requester, id);
        assertEq(accessId, 1, "first access");
        assertEq(ledger.accessCount(), 1, "accessCount");
        IAccessLedger.Access memory a = ledger.access(accessId);
        assertEq(a.requestId, id, "access request");
        assertEq(a.committeeId, COMMITTEE, "access committee");
        assertEq(a.memberMask, MEMBERS, "access members");
        assertEq(a.threshold, THRESHOLD, "access threshold");
        assertEq(ledger.request(id).usesLeft, 1, "one use left, visible");
        (live,) = ledger.checkAccess(accessId);
        assertTrue(live, "answerable");

        assertEq(invoke(requester, id), 2, "second use");
        assertEq(ledger.request(id).usesLeft, 0, "no uses left");
        expectGetAccessRevert(id, abi.encodeWithSelector(IAccessLedger.GrantUsedUp.selector, id));
    }

    function test_getAccess_worksAtWindowEdges() public {
        uint64 id = requestAs(requester, recordId, 0);
        IAccessLedger.GrantInput memory g = grantInput(0, 1);
        g.notBefore = uint64(T0 + 10);
        g.notAfter = uint64(T0 + 20);
        g.maxUses = 2;
        grantWith(id, g);
        vm.warp(T0 + 10);
        invoke(requester, id);
        vm.warp(T0 + 20);
        invoke(requester, id);
        assertEq(ledger.accessCount(), 2, "both edges inclusive");
    }

    function test_getAccess_revertsForUnknownRequest() public {
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.UnknownRequest.selector, 5));
        invoke(requester, 5);
        (bool live, bytes4 err) = ledger.checkGrant(5, grants[5]);
        assertFalse(live, "live");
        assertEq(bytes32(err), bytes32(IAccessLedger.UnknownRequest.selector), "checkGrant error");
    }

    function test_getAccess_revertsForOtherCaller() public {
        uint64 id = granted();
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.NotRequester.selector, patient));
        invoke(patient, id);
    }

    function test_getAccess_revertsBeforeGrant() public {
        uint64 id = requestAs(requester, recordId, 0);
        expectGetAccessRevert(
            id,
            abi.encodeWithSelector(
                IAccessLedger.InvalidRequestStatus.selector, id, IAccessLedger.RequestStatus.Requested
            )
        );
    }

    function test_getAccess_revertsAfterWindow() public {
        uint64 id = granted();
        vm.warp(T0 + 1 days + 1);
        expectGetAccessRevert(
            id, abi.encodeWithSelector(IAccessLedger.GrantExpired.selector, id, T0 + 1 days)
        );
    }

    function test_getAccess_revertsBeforeWindow() public {
        uint64 id = requestAs(requester, recordId, 0);
        grantWindow(id, uint64(T0 + 60), uint64(T0 + 120));
        expectGetAccessRevert(
            id, abi.encodeWithSelector(IAccessLedger.GrantNotYetValid.selector, id, T0 + 60)
        );
    }

    function test_getAccess_revertsAfterRecordUpdate() public {
        uint64 id = granted();
        updateRecordAs(providerKey, recordId, 2);
        expectGetAccessRevert(
            id, abi.encodeWithSelector(IAccessLedger.RecordVersionStale.selector, recordId, 1, 2)
        );
    }

    function test_getAccess_revertsAfterKeyRotation() public {
        uint64 id = granted();
        vm.prank(patient);
        records.rewrapKey(recordId, keccak256("capsule g1"), "capsule g1");
        expectGetAccessRevert(id, abi.encodeWithSelector(IAccessLedger.KeyRewrapped.selector, recordId, 0, 1));
    }

    function test_getAccess_revertsAfterRecordDeletion() public {
        uint64 id = granted();
        vm.prank(patient);
        records.deleteRecord(recordId);
        expectGetAccessRevert(
            id, abi.encodeWithSelector(IAccessLedger.RecordVersionStale.selector, recordId, 1, 0)
        );
    }

    function test_getAccess_revertsForSuspendedRequester() public {
        uint64 id = granted();
        suspend(requester);
        expectGetAccessRevert(
            id, abi.encodeWithSelector(IAccessLedger.RequesterNotActive.selector, requester)
        );
    }

    function test_getAccess_revertsForRemovedRequester() public {
        uint64 id = granted();
        remove(requester);
        expectGetAccessRevert(
            id, abi.encodeWithSelector(IAccessLedger.RequesterNotActive.selector, requester)
        );
    }

    function test_getAccess_revertsWhenRoleChanged() public {
        // The registry never changes a role; a registry that did (a future upgrade) must void grants.
        uint64 id = granted();
        vm.mockCall(
            address(registry),
            abi.encodeWithSelector(IRegistry.roleOf.selector, requester),
            abi.encode(IRegistry.Role.Provider, IRegistry.Status.Active)
        );
        expectGetAccessRevert(id, abi.encodeWithSelector(IAccessLedger.RoleChanged.selector, requester));
        vm.clearMockedCalls();
        invoke(requester, id);
    }

    // ------------------------------------------------------------ checkAccess

    /// @dev The window is judged at get-access: an access invoked in the last second stays
    /// answerable after the window closes, and after `expire`; a revocation still ends it.
    function test_checkAccess_windowJudgedAtGetAccess() public {
        uint64 id = granted();
        vm.warp(T0 + 1 days);
        uint64 accessId = invoke(requester, id);
        vm.warp(T0 + 1 days + 30);
        (bool live,) = ledger.checkAccess(accessId);
        assertTrue(live, "answerable after the window closed");
        ledger.expire(id, grants[id]);
        (live,) = ledger.checkAccess(accessId);
        assertTrue(live, "and after the grant was marked expired");
        vm.prank(patient);
        ledger.revokeAccess(id);
        bytes4 err;
        (live, err) = ledger.checkAccess(accessId);
        assertFalse(live, "a revocation wins");
        assertEq(bytes32(err), bytes32(IAccessLedger.GrantRevoked.selector), "GrantRevoked");
    }

    function test_checkAccess_followsRecordAndRequester() public {
        uint64 requestId = granted();
        uint64 accessId = invoke(requester, requestId);
        suspend(requester);
        (bool live, bytes4 err) = ledger.checkAccess(accessId);
        assertFalse(live, "suspended requester");
        assertEq(bytes32(err), bytes32(IAccessLedger.RequesterNotActive.selector), "RequesterNotActive");
        reinstate(requester);
        updateRecordAs(providerKey, recordId, 5);
        (live, err) = ledger.checkAccess(accessId);
        assertFalse(live, "new version");
        assertEq(bytes32(err), bytes32(IAccessLedger.RecordVersionStale.selector), "RecordVersionStale");
        (live, err) = ledger.checkAccess(99);
        assertFalse(live, "unknown access");
        assertEq(bytes32(err), bytes32(IThresholdAnswers.UnknownAccess.selector), "unknown");
    }
}
