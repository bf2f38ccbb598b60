// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IAccessLedger} from "../src/interfaces/IAccessLedger.sol";
import {IRegistry} from "../src/interfaces/IRegistry.sol";
import {Reasons} from "../src/libraries/Reasons.sol";
import {Fixture} from "./lib/Fixture.sol";

contract AccessLedgerTest is Fixture {
    bytes32 internal recordId;

    function setUp() public override {
        super.setUp();
        recordId = createRecord(1);
    }

    function grantWindow(uint64 requestId, uint64 notBefore, uint64 notAfter) internal {
        vm.prank(patient);
        ledger.grantAccess(requestId, notBefore, notAfter, 1, REKEY_HASH, REKEY_REF);
    }

    function granted() internal returns (uint64 requestId) {
        requestId = requestAs(requester, recordId, 0);
        grant(requestId, 1 days);
    }

    function invoked() internal returns (uint64 requestId, uint64 accessId) {
        requestId = granted();
        vm.prank(requester);
        accessId = ledger.getAccess(requestId);
    }

    function fulfilAs(address caller, uint64 accessId) internal {
        vm.prank(caller);
        ledger.fulfil(accessId, bytes32("result"), "bafyresult");
    }

    function expectGetAccessRevert(uint64 requestId, bytes memory err) internal {
        (bool live, bytes4 selector) = ledger.checkGrant(requestId);
        assertFalse(live, "checkGrant live");
        assertEq(bytes32(selector), bytes32(bytes4(err)), "checkGrant selector matches getAccess");
        vm.expectRevert(err);
        vm.prank(requester);
        ledger.getAccess(requestId);
    }

    function test_constructor_storesDependencies() public view {
        assertEq(address(ledger.registry()), address(registry), "registry");
        assertEq(address(ledger.records()), address(records), "records");
        assertEq(ledger.requestCount(), 0, "requestCount");
        assertEq(ledger.accessCount(), 0, "accessCount");
    }

    function test_rekeyCommitment_bindsRequesterRecordAndVersion() public view {
        assertEq(
            ledger.rekeyCommitment(REKEY_HASH, requester, recordId, 3),
            keccak256(abi.encode(REKEY_HASH, requester, recordId, uint32(3))),
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
        assertEq(q.patient, patient, "patient");
        assertEq(q.recordId, recordId, "recordId");
        assertEq(q.operation, 2, "operation");
        assertEq(uint256(q.status), uint256(IAccessLedger.RequestStatus.Requested), "status");
        assertEq(q.version, 0, "no version before grant");
        assertEq(q.purpose, TREATMENT, "purpose");
        assertEq(q.rekeyCommitment, bytes32(0), "no commitment before grant");

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
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.RecordNotActive.selector, bytes32("nope")));
        requestAs(requester, bytes32("nope"), 0);
    }

    function test_requestAccess_revertsForDeletedRecord() public {
        vm.prank(patient);
        records.deleteRecord(recordId);
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.RecordNotActive.selector, recordId));
        requestAs(requester, recordId, 0);
    }

    // ------------------------------------------------------------ grantAccess

    function test_grantAccess_bindsCurrentVersionAndEmits() public {
        updateRecordAs(providerKey, recordId, inputFor(2));
        uint64 id = requestAs(requester, recordId, 3);
        bytes32 commitment = keccak256(abi.encode(REKEY_HASH, requester, recordId, uint32(2)));
        uint64 nb = uint64(T0 + 10);
        uint64 na = uint64(T0 + 100);

        vm.expectEmit(true, true, true, true, address(ledger));
        emit IAccessLedger.AccessGranted(
            id, patient, requester, recordId, 2, nb, na, 0x09, commitment, REKEY_REF
        );
        vm.prank(patient);
        ledger.grantAccess(id, nb, na, 0x09, REKEY_HASH, REKEY_REF);

        IAccessLedger.Request memory q = ledger.request(id);
        assertEq(uint256(q.status), uint256(IAccessLedger.RequestStatus.Granted), "status");
        assertEq(q.version, 2, "version");
        assertEq(q.notBefore, nb, "notBefore");
        assertEq(q.notAfter, na, "notAfter");
        assertEq(q.operations, 0x09, "operations");
        assertEq(q.requesterRole, uint256(IRegistry.Role.Requester), "requesterRole");
        assertEq(q.rekeyCommitment, commitment, "commitment");
    }

    function test_grantAccess_windowEndingNowIsValid() public {
        uint64 id = requestAs(requester, recordId, 0);
        grantWindow(id, uint64(T0 - 10), uint64(T0));
        assertEq(uint256(ledger.request(id).status), uint256(IAccessLedger.RequestStatus.Granted), "granted");
    }

    function test_grantAccess_revertsForUnknownRequest() public {
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.UnknownRequest.selector, 7));
        grantWindow(7, uint64(T0), uint64(T0 + 1));
    }

    function test_grantAccess_revertsForNonPatient() public {
        uint64 id = requestAs(requester, recordId, 0);
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.NotPatient.selector, requester));
        vm.prank(requester);
        ledger.grantAccess(id, uint64(T0), uint64(T0 + 1), 1, REKEY_HASH, REKEY_REF);
    }

    function test_grantAccess_revertsWhenAlreadyGranted() public {
        uint64 id = granted();
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessLedger.InvalidRequestStatus.selector, id, IAccessLedger.RequestStatus.Granted
            )
        );
        grantWindow(id, uint64(T0), uint64(T0 + 1));
    }

    function test_grantAccess_revertsWhenRevoked() public {
        uint64 id = requestAs(requester, recordId, 0);
        vm.prank(requester);
        ledger.revokeAccess(id);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessLedger.InvalidRequestStatus.selector, id, IAccessLedger.RequestStatus.Revoked
            )
        );
        grantWindow(id, uint64(T0), uint64(T0 + 1));
    }

    function test_grantAccess_revertsOnInvertedWindow() public {
        uint64 id = requestAs(requester, recordId, 0);
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.InvalidWindow.selector, T0 + 10, T0 + 9));
        grantWindow(id, uint64(T0 + 10), uint64(T0 + 9));
    }

    function test_grantAccess_revertsOnWindowInThePast() public {
        uint64 id = requestAs(requester, recordId, 0);
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.InvalidWindow.selector, T0 - 10, T0 - 1));
        grantWindow(id, uint64(T0 - 10), uint64(T0 - 1));
    }

    function test_grantAccess_revertsWhenOperationNotIncluded() public {
        uint64 id = requestAs(requester, recordId, 1);
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.OperationNotAllowed.selector, 1, 0xfd));
        vm.prank(patient);
        ledger.grantAccess(id, uint64(T0), uint64(T0 + 1), 0xfd, REKEY_HASH, REKEY_REF);
    }

    function test_grantAccess_revertsOnZeroRekeyHash() public {
        uint64 id = requestAs(requester, recordId, 0);
        vm.expectRevert(IAccessLedger.EmptyField.selector);
        vm.prank(patient);
        ledger.grantAccess(id, uint64(T0), uint64(T0 + 1), 1, bytes32(0), REKEY_REF);
    }

    function test_grantAccess_revertsOnEmptyRekeyRef() public {
        uint64 id = requestAs(requester, recordId, 0);
        vm.expectRevert(IAccessLedger.EmptyField.selector);
        vm.prank(patient);
        ledger.grantAccess(id, uint64(T0), uint64(T0 + 1), 1, REKEY_HASH, "");
    }

    function test_grantAccess_revertsForDeletedRecord() public {
        uint64 id = requestAs(requester, recordId, 0);
        vm.prank(patient);
        records.deleteRecord(recordId);
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.RecordNotActive.selector, recordId));
        grantWindow(id, uint64(T0), uint64(T0 + 1));
    }

    function test_grantAccess_revertsForSuspendedPatient() public {
        uint64 id = requestAs(requester, recordId, 0);
        suspend(patient);
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.PatientNotActive.selector, patient));
        grantWindow(id, uint64(T0), uint64(T0 + 1));
    }

    function test_grantAccess_revertsForRemovedPatient() public {
        uint64 id = requestAs(requester, recordId, 0);
        remove(patient);
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.PatientNotActive.selector, patient));
        grantWindow(id, uint64(T0), uint64(T0 + 1));
    }

    function test_grantAccess_worksAgainAfterReinstatement() public {
        uint64 id = requestAs(requester, recordId, 0);
        suspend(patient);
        reinstate(patient);
        grantWindow(id, uint64(T0), uint64(T0 + 1));
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

    function test_revokeAccess_revertsWhenExpired() public {
        uint64 id = granted();
        vm.warp(T0 + 1 days + 1);
        ledger.expire(id);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessLedger.InvalidRequestStatus.selector, id, IAccessLedger.RequestStatus.Expired
            )
        );
        vm.prank(patient);
        ledger.revokeAccess(id);
    }

    // ----------------------------------------------------------------- expire

    function test_expire_byAnyoneAfterWindowAndEmits() public {
        uint64 id = granted();
        vm.warp(T0 + 1 days + 1);
        vm.expectEmit(true, true, true, true, address(ledger));
        emit IAccessLedger.AccessExpired(id, patient, requester);
        vm.prank(stranger);
        ledger.expire(id);
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
        ledger.expire(id);
    }

    function test_expire_revertsForUngrantedRequest() public {
        uint64 id = requestAs(requester, recordId, 0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessLedger.InvalidRequestStatus.selector, id, IAccessLedger.RequestStatus.Requested
            )
        );
        ledger.expire(id);
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
        ledger.expire(id);
    }

    function test_expire_revertsWhenAlreadyExpired() public {
        uint64 id = granted();
        vm.warp(T0 + 2 days);
        ledger.expire(id);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessLedger.InvalidRequestStatus.selector, id, IAccessLedger.RequestStatus.Expired
            )
        );
        ledger.expire(id);
    }

    function test_expire_revertsForUnknownRequest() public {
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.UnknownRequest.selector, 9));
        ledger.expire(9);
    }

    // -------------------------------------------------------------- getAccess

    function test_getAccess_recordsPendingAccessAndEmits() public {
        uint64 id = granted();
        (bool live, bytes4 err) = ledger.checkGrant(id);
        assertTrue(live, "checkGrant live");
        assertEq(bytes32(err), bytes32(0), "no error");

        vm.expectEmit(true, true, true, true, address(ledger));
        emit IAccessLedger.AccessInvoked(1, id, patient, requester, recordId, 1);
        vm.prank(requester);
        uint64 accessId = ledger.getAccess(id);
        assertEq(accessId, 1, "first access");
        assertEq(ledger.accessCount(), 1, "accessCount");

        IAccessLedger.Access memory a = ledger.access(accessId);
        assertEq(a.requestId, id, "requestId");
        assertEq(uint256(a.status), uint256(IAccessLedger.AccessStatus.Pending), "status");
        assertEq(a.reason, 0, "reason");
        assertEq(a.version, 1, "version");

        vm.prank(requester);
        assertEq(ledger.getAccess(id), 2, "a grant may be used repeatedly in its window");
    }

    function test_getAccess_worksAtWindowEdges() public {
        uint64 id = requestAs(requester, recordId, 0);
        grantWindow(id, uint64(T0 + 10), uint64(T0 + 20));
        vm.warp(T0 + 10);
        vm.prank(requester);
        ledger.getAccess(id);
        vm.warp(T0 + 20);
        vm.prank(requester);
        ledger.getAccess(id);
        assertEq(ledger.accessCount(), 2, "both edges inclusive");
    }

    function test_getAccess_revertsForUnknownRequest() public {
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.UnknownRequest.selector, 5));
        vm.prank(requester);
        ledger.getAccess(5);
        (bool live, bytes4 err) = ledger.checkGrant(5);
        assertFalse(live, "live");
        assertEq(bytes32(err), bytes32(IAccessLedger.UnknownRequest.selector), "checkGrant error");
    }

    function test_getAccess_revertsForOtherCaller() public {
        uint64 id = granted();
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.NotRequester.selector, patient));
        vm.prank(patient);
        ledger.getAccess(id);
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
        updateRecordAs(providerKey, recordId, inputFor(2));
        expectGetAccessRevert(
            id, abi.encodeWithSelector(IAccessLedger.RecordVersionStale.selector, recordId, 1, 2)
        );
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
        vm.prank(requester);
        ledger.getAccess(id);
    }

    // ----------------------------------------------------------------- fulfil

    function test_fulfil_answersAndEmits() public {
        (uint64 id, uint64 accessId) = invoked();
        vm.expectEmit(true, true, true, true, address(ledger));
        emit IAccessLedger.AccessFulfilled(
            accessId, id, patient, requester, oracle, bytes32("result"), "bafyresult"
        );
        fulfilAs(oracle, accessId);
        IAccessLedger.Access memory a = ledger.access(accessId);
        assertEq(uint256(a.status), uint256(IAccessLedger.AccessStatus.Fulfilled), "status");
        assertEq(a.reason, 0, "reason");
    }

    function test_fulfil_revertsForNonOracle() public {
        (, uint64 accessId) = invoked();
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.NotOracle.selector, requester));
        fulfilAs(requester, accessId);
    }

    function test_fulfil_revertsForSuspendedOracle() public {
        (, uint64 accessId) = invoked();
        suspend(oracle);
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.NotOracle.selector, oracle));
        fulfilAs(oracle, accessId);
    }

    function test_fulfil_revertsOnZeroResultHash() public {
        (, uint64 accessId) = invoked();
        vm.expectRevert(IAccessLedger.EmptyField.selector);
        vm.prank(oracle);
        ledger.fulfil(accessId, bytes32(0), "bafyresult");
    }

    function test_fulfil_revertsOnEmptyResultRef() public {
        (, uint64 accessId) = invoked();
        vm.expectRevert(IAccessLedger.EmptyField.selector);
        vm.prank(oracle);
        ledger.fulfil(accessId, bytes32("result"), "");
    }

    function test_fulfil_revertsForUnknownAccess() public {
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.UnknownAccess.selector, 1));
        fulfilAs(oracle, 1);
    }

    function test_fulfil_revertsWhenAlreadyFulfilled() public {
        (, uint64 accessId) = invoked();
        fulfilAs(oracle, accessId);
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.AlreadyAnswered.selector, accessId));
        fulfilAs(oracle, accessId);
    }

    function test_fulfil_revertsWhenRejected() public {
        (, uint64 accessId) = invoked();
        vm.prank(oracle);
        ledger.reject(accessId, Reasons.MISSING_OBJECT);
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.AlreadyAnswered.selector, accessId));
        fulfilAs(oracle, accessId);
    }

    function test_fulfil_revertsWhenRevokedMeanwhile() public {
        (uint64 id, uint64 accessId) = invoked();
        vm.prank(patient);
        ledger.revokeAccess(id);
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.GrantRevoked.selector, id));
        fulfilAs(oracle, accessId);
        // The oracle's way out: reject with GRANT_NOT_LIVE.
        vm.expectEmit(true, true, true, true, address(ledger));
        emit IAccessLedger.AccessRejected(accessId, id, patient, requester, oracle, Reasons.GRANT_NOT_LIVE);
        vm.prank(oracle);
        ledger.reject(accessId, Reasons.GRANT_NOT_LIVE);
    }

    function test_fulfil_revertsWhenExpiredMeanwhile() public {
        (uint64 id, uint64 accessId) = invoked();
        vm.warp(T0 + 1 days + 1);
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.GrantExpired.selector, id, T0 + 1 days));
        fulfilAs(oracle, accessId);
        ledger.expire(id);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessLedger.InvalidRequestStatus.selector, id, IAccessLedger.RequestStatus.Expired
            )
        );
        fulfilAs(oracle, accessId);
    }

    function test_fulfil_revertsWhenRecordUpdatedMeanwhile() public {
        (, uint64 accessId) = invoked();
        updateRecordAs(provider2Key, recordId, inputFor(2));
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.RecordVersionStale.selector, recordId, 1, 2));
        fulfilAs(oracle, accessId);
    }

    function test_fulfil_revertsWhenRequesterSuspendedMeanwhile() public {
        (, uint64 accessId) = invoked();
        suspend(requester);
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.RequesterNotActive.selector, requester));
        fulfilAs(oracle, accessId);
    }

    // ------------------------------------------------------------- fulfilMany

    function fulfilment(uint64 accessId) internal pure returns (IAccessLedger.Fulfilment memory) {
        return IAccessLedger.Fulfilment({
            accessId: accessId, resultHash: keccak256(abi.encode(accessId)), resultRef: "bafyresult"
        });
    }

    function test_fulfilMany_answersEach() public {
        (uint64 id, uint64 first) = invoked();
        vm.prank(requester);
        uint64 second = ledger.getAccess(id);
        IAccessLedger.Fulfilment[] memory batch = new IAccessLedger.Fulfilment[](2);
        batch[0] = fulfilment(first);
        batch[1] = fulfilment(second);

        vm.expectEmit(true, true, true, true, address(ledger));
        emit IAccessLedger.AccessFulfilled(
            first, id, patient, requester, oracle, batch[0].resultHash, "bafyresult"
        );
        vm.expectEmit(true, true, true, true, address(ledger));
        emit IAccessLedger.AccessFulfilled(
            second, id, patient, requester, oracle, batch[1].resultHash, "bafyresult"
        );
        vm.prank(oracle);
        ledger.fulfilMany(batch);
        assertEq(uint256(ledger.access(first).status), uint256(IAccessLedger.AccessStatus.Fulfilled), "first");
        assertEq(
            uint256(ledger.access(second).status), uint256(IAccessLedger.AccessStatus.Fulfilled), "second"
        );
    }

    function test_fulfilMany_revertsOnEmptyBatch() public {
        vm.expectRevert(IAccessLedger.EmptyField.selector);
        vm.prank(oracle);
        ledger.fulfilMany(new IAccessLedger.Fulfilment[](0));
    }

    function test_fulfilMany_revertsForNonOracle() public {
        (, uint64 accessId) = invoked();
        IAccessLedger.Fulfilment[] memory batch = new IAccessLedger.Fulfilment[](1);
        batch[0] = fulfilment(accessId);
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.NotOracle.selector, patient));
        vm.prank(patient);
        ledger.fulfilMany(batch);
    }

    function test_fulfilMany_duplicateRevertsWholeBatch() public {
        (, uint64 accessId) = invoked();
        IAccessLedger.Fulfilment[] memory batch = new IAccessLedger.Fulfilment[](2);
        batch[0] = fulfilment(accessId);
        batch[1] = fulfilment(accessId);
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.AlreadyAnswered.selector, accessId));
        vm.prank(oracle);
        ledger.fulfilMany(batch);
        assertEq(
            uint256(ledger.access(accessId).status),
            uint256(IAccessLedger.AccessStatus.Pending),
            "rolled back"
        );
    }

    // ----------------------------------------------------------------- reject

    function test_reject_recordsReasonAndEmits() public {
        (uint64 id, uint64 accessId) = invoked();
        vm.expectEmit(true, true, true, true, address(ledger));
        emit IAccessLedger.AccessRejected(accessId, id, patient, requester, oracle, Reasons.REKEY_MISMATCH);
        vm.prank(oracle);
        ledger.reject(accessId, Reasons.REKEY_MISMATCH);
        IAccessLedger.Access memory a = ledger.access(accessId);
        assertEq(uint256(a.status), uint256(IAccessLedger.AccessStatus.Rejected), "status");
        assertEq(a.reason, Reasons.REKEY_MISMATCH, "reason");
    }

    function test_reject_acceptsHighestReason() public {
        (, uint64 accessId) = invoked();
        vm.prank(oracle);
        ledger.reject(accessId, Reasons.MAX);
        assertEq(ledger.access(accessId).reason, Reasons.MAX, "reason");
    }

    function test_reject_revertsOnReasonZero() public {
        (, uint64 accessId) = invoked();
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.InvalidReason.selector, 0));
        vm.prank(oracle);
        ledger.reject(accessId, 0);
    }

    function test_reject_revertsOnReasonAboveMax() public {
        (, uint64 accessId) = invoked();
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.InvalidReason.selector, Reasons.MAX + 1));
        vm.prank(oracle);
        ledger.reject(accessId, Reasons.MAX + 1);
    }

    function test_reject_revertsForNonOracle() public {
        (, uint64 accessId) = invoked();
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.NotOracle.selector, patient));
        vm.prank(patient);
        ledger.reject(accessId, Reasons.REKEY_MISMATCH);
    }

    function test_reject_revertsForUnknownAccess() public {
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.UnknownAccess.selector, 3));
        vm.prank(oracle);
        ledger.reject(3, Reasons.REKEY_MISMATCH);
    }

    function test_reject_revertsWhenAlreadyFulfilled() public {
        (, uint64 accessId) = invoked();
        fulfilAs(oracle, accessId);
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.AlreadyAnswered.selector, accessId));
        vm.prank(oracle);
        ledger.reject(accessId, Reasons.REKEY_MISMATCH);
    }

    // ------------------------------------------------------------------ views

    function test_views_unknownIdsAreZero() public view {
        IAccessLedger.Request memory q = ledger.request(42);
        assertEq(q.requester, address(0), "requester");
        assertEq(uint256(q.status), 0, "request status");
        IAccessLedger.Access memory a = ledger.access(42);
        assertEq(a.requestId, 0, "access requestId");
        assertEq(uint256(a.status), 0, "access status");
    }
}
