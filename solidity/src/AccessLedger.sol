// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ThresholdAnswers} from "./ThresholdAnswers.sol";
import {IAccessLedger} from "./interfaces/IAccessLedger.sol";
import {IProxyNetwork} from "./interfaces/IProxyNetwork.sol";
import {IRecordRegistry} from "./interfaces/IRecordRegistry.sol";
import {IRegistry} from "./interfaces/IRegistry.sol";
import {Dleq} from "./libraries/Dleq.sol";
import {Secp256k1} from "./libraries/Secp256k1.sol";

/// @title AccessLedger
/// @notice Requests, threshold re-key grants, get-access calls and the named members' answers,
/// all on the audit log.
contract AccessLedger is IAccessLedger, ThresholdAnswers {
    /// @dev A SEC 1 compressed secp256k1 point.
    uint256 internal constant POINT_LENGTH = 33;
    /// @dev A share commitment: 64-byte x ‖ y (crypto/tpre's EVMCommitments), so neither the
    /// grant nor a fault report decompresses it.
    uint256 internal constant COMMITMENT_LENGTH = 64;
    /// @dev crypto/recordkey's capsule object: 0x02 ‖ generation (4) ‖ delegating key (67) ‖
    /// CWYD ciphertext (163), whose E (the point a re-key exponentiates) follows the
    /// ciphertext's tag and D.
    uint256 internal constant CAPSULE_LENGTH = 235;
    uint256 internal constant CAPSULE_E_OFFSET = 1 + 4 + 67 + 1 + 33;
    bytes1 internal constant CAPSULE_TAG = 0x02;
    string internal constant FRAGMENT_LABEL = "emrchain/pre-fragment/v1";

    /// @dev One get-access call: its answer terms and its answer state in one slot (30 bytes),
    /// written at get-access, so the answers update it rather than fill new slots.
    struct AccessSlot {
        uint64 requestId;
        uint64 committeeId;
        uint16 memberMask;
        uint8 threshold;
        uint16 commitMask;
        uint16 revealMask;
        uint16 declineMask;
        uint16 faultMask;
        uint8 commits;
        uint8 declines;
        AnswerStatus status;
    }

    IRegistry public immutable registry;
    IRecordRegistry public immutable records;

    uint64 public requestCount;
    uint64 public accessCount;
    mapping(uint64 requestId => Request) internal _requests;
    mapping(uint64 accessId => AccessSlot) internal _accesses;

    /// @param registry_ The participant registry.
    /// @param records_ The record registry grants refer to.
    /// @param network_ The proxy network whose committees answer.
    constructor(IRegistry registry_, IRecordRegistry records_, IProxyNetwork network_)
        ThresholdAnswers(network_)
    {
        registry = registry_;
        records = records_;
    }

    /// @inheritdoc IAccessLedger
    function requestAccess(bytes32 recordId, uint8 operation, bytes32 purpose)
        external
        returns (uint64 requestId)
    {
        (IRegistry.Role role, IRegistry.Status status) = registry.roleOf(msg.sender);
        if (status != IRegistry.Status.Active || !_mayRequest(role)) revert RequesterNotActive(msg.sender);
        if (operation >= 8) revert InvalidOperation(operation);
        (address patient,, IRecordRegistry.RecordStatus recordStatus) = records.recordState(recordId);
        if (recordStatus != IRecordRegistry.RecordStatus.Active) revert RecordNotActive(recordId);

        requestId = ++requestCount;
        // Two slots: the patient is the record's, and the purpose lives in the event only.
        Request storage q = _requests[requestId];
        q.requester = msg.sender;
        q.operation = operation;
        q.status = RequestStatus.Requested;
        q.recordId = recordId;
        emit AccessRequested(requestId, patient, msg.sender, recordId, operation, purpose);
    }

    /// @inheritdoc IAccessLedger
    function grantAccess(uint64 requestId, GrantInput calldata input, bytes calldata commitments) external {
        Request storage q = _request(requestId);
        (address patient, uint32 version, uint32 generation) = _grantable(requestId, q);
        _checkGrant(input, q.operation, commitments);
        Grant memory grant = _grant(q, version, input, commitments);
        (IRegistry.Role role,) = registry.roleOf(q.requester);
        q.status = RequestStatus.Granted;
        q.version = version;
        q.generation = uint24(generation);
        q.requesterRole = uint8(role);
        q.usesLeft = input.maxUses;
        q.grantHash = keccak256(abi.encode(grant));
        _emitGranted(requestId, patient, q, generation, input, grant, commitments);
    }

    /// @inheritdoc IAccessLedger
    function revokeAccess(uint64 requestId) external {
        Request storage q = _request(requestId);
        (address patient,,) = records.recordState(q.recordId);
        address requester = q.requester;
        if (msg.sender != patient && msg.sender != requester) revert NotParty(msg.sender);
        // Revoking only takes access away, so a suspended party may (suspension often answers a
        // leaked key, and the owner may be racing the thief); a removed one may not act at all.
        (, IRegistry.Status status) = registry.roleOf(msg.sender);
        if (status != IRegistry.Status.Active && status != IRegistry.Status.Suspended) {
            revert NotParty(msg.sender);
        }
        RequestStatus s = q.status;
        // An expired grant may still have accesses in flight; revoking it stops their answers.
        if (s != RequestStatus.Requested && s != RequestStatus.Granted && s != RequestStatus.Expired) {
            revert InvalidRequestStatus(requestId, s);
        }
        q.status = RequestStatus.Revoked;
        emit AccessRevoked(requestId, patient, requester, msg.sender);
    }

    /// @inheritdoc IAccessLedger
    function expire(uint64 requestId, Grant calldata grant) external {
        Request storage q = _request(requestId);
        if (q.status != RequestStatus.Granted) revert InvalidRequestStatus(requestId, q.status);
        if (keccak256(abi.encode(grant)) != q.grantHash) revert GrantMismatch(requestId);
        if (block.timestamp <= grant.notAfter) revert GrantStillValid(requestId, grant.notAfter);
        q.status = RequestStatus.Expired;
        (address patient,,) = records.recordState(q.recordId);
        emit AccessExpired(requestId, patient, q.requester);
    }

    /// @inheritdoc IAccessLedger
    function getAccess(uint64 requestId, Grant calldata grant) external returns (uint64 accessId) {
        Request storage q = _request(requestId);
        if (msg.sender != q.requester) revert NotRequester(msg.sender);
        (bytes memory err, address patient) = _invokeError(requestId, q, grant);
        _orRevert(err);

        uint16 usesLeft = q.usesLeft - 1;
        q.usesLeft = usesLeft;
        accessId = ++accessCount;
        // The answer terms go into the access's own slot, beside its answer state, so each commit
        // and reveal reads one slot for both.
        AccessSlot storage a = _accesses[accessId];
        a.requestId = requestId;
        a.committeeId = grant.committeeId;
        a.memberMask = grant.memberMask;
        a.threshold = grant.threshold;
        emit AccessInvoked(accessId, requestId, patient, msg.sender, q.recordId, q.version, usesLeft);
    }

    /// @inheritdoc IAccessLedger
    function request(uint64 requestId) external view returns (Request memory) {
        return _requests[requestId];
    }

    /// @inheritdoc IAccessLedger
    function patientOf(uint64 requestId) external view returns (address) {
        return _patientOf(requestId);
    }

    /// @inheritdoc IAccessLedger
    function access(uint64 accessId) external view returns (Access memory) {
        AccessSlot storage a = _accesses[accessId];
        return Access(a.requestId, a.committeeId, a.memberMask, a.threshold);
    }

    /// @inheritdoc IAccessLedger
    function checkGrant(uint64 requestId, Grant calldata grant)
        external
        view
        returns (bool live, bytes4 err)
    {
        Request storage q = _requests[requestId];
        if (q.status == RequestStatus.None) return (false, UnknownRequest.selector);
        (bytes memory e,) = _invokeError(requestId, q, grant);
        if (e.length == 0) return (true, bytes4(0));
        return (false, bytes4(e));
    }

    /// @inheritdoc IAccessLedger
    function checkAccess(uint64 accessId) external view returns (bool live, bytes4 err) {
        uint64 requestId = _accesses[accessId].requestId;
        if (requestId == 0) return (false, UnknownAccess.selector);
        (bytes memory e,) = _answerError(requestId, _requests[requestId]);
        if (e.length == 0) return (true, bytes4(0));
        return (false, bytes4(e));
    }

    /// @inheritdoc IAccessLedger
    function grantHash(Grant calldata grant) external pure returns (bytes32) {
        return keccak256(abi.encode(grant));
    }

    /// @inheritdoc IAccessLedger
    function grantCommitment(
        bytes32 bundleHash,
        bytes calldata commitments,
        address requester,
        bytes32 recordId,
        uint32 version,
        bytes32 capsuleHash,
        uint64 committeeId,
        uint8 threshold,
        uint16 memberMask
    ) public pure returns (bytes32) {
        return keccak256(
            abi.encode(
                bundleHash,
                keccak256(commitments),
                requester,
                recordId,
                version,
                capsuleHash,
                committeeId,
                threshold,
                memberMask
            )
        );
    }

    /// @inheritdoc IAccessLedger
    function fragmentContext(uint64 requestId, uint8 member) public view returns (bytes32) {
        return keccak256(
            abi.encode(FRAGMENT_LABEL, block.chainid, address(this), uint256(requestId), uint256(member))
        );
    }

    // ------------------------------------------------------------ answer hooks

    function _answerTerms(uint64 accessId) internal view override returns (AnswerTerms memory terms) {
        AccessSlot storage a = _accesses[accessId];
        uint64 requestId = a.requestId;
        if (requestId == 0) return terms;
        terms = AnswerTerms({
            committeeId: a.committeeId,
            requestId: requestId,
            requester: _requests[requestId].requester,
            memberMask: a.memberMask,
            threshold: a.threshold
        });
    }

    function _loadAnswerState(uint64 accessId) internal view override returns (AnswerState memory st) {
        AccessSlot storage a = _accesses[accessId];
        st = AnswerState({
            commitMask: a.commitMask,
            revealMask: a.revealMask,
            declineMask: a.declineMask,
            faultMask: a.faultMask,
            commits: a.commits,
            declines: a.declines,
            status: a.status
        });
    }

    function _storeAnswerState(uint64 accessId, AnswerState memory st) internal override {
        AccessSlot storage a = _accesses[accessId];
        a.commitMask = st.commitMask;
        a.revealMask = st.revealMask;
        a.declineMask = st.declineMask;
        a.faultMask = st.faultMask;
        a.commits = st.commits;
        a.declines = st.declines;
        a.status = st.status;
    }

    function _answerLiveness(uint64, AnswerTerms memory terms)
        internal
        view
        override
        returns (bytes memory err)
    {
        (err,) = _answerError(terms.requestId, _requests[terms.requestId]);
    }

    /// @dev `statement` = abi.encode(capsule, commitments, bundleHash, grant), checked against the
    /// grant hash (whose commitment binds the capsule's SHA-256); P is the member's commitment, H
    /// the capsule's E.
    function _faultStatement(
        uint64 accessId,
        AnswerTerms memory terms,
        uint8 member,
        bytes calldata statement
    ) internal view override returns (Dleq.Point memory p, Dleq.Point memory h, bytes32 context) {
        (bytes memory capsule, bytes memory commitments) = _checkedStatement(accessId, terms, statement);
        // The member's commitment is its position among the mask's members, in member order.
        uint256 offset = _popcount(terms.memberMask & (_bit(member) - 1)) * COMMITMENT_LENGTH;
        assembly ("memory-safe") {
            mstore(p, mload(add(add(commitments, 0x20), offset)))
            mstore(add(p, 0x20), mload(add(add(commitments, 0x40), offset)))
        }
        h = _capsuleE(accessId, capsule);
        context = fragmentContext(terms.requestId, member);
    }

    /// @dev Decodes a fault report's statement and checks it reproduces the grant hash.
    function _checkedStatement(uint64 accessId, AnswerTerms memory terms, bytes calldata statement)
        private
        view
        returns (bytes memory capsule, bytes memory commitments)
    {
        bytes32 bundleHash;
        Grant memory grant;
        (capsule, commitments, bundleHash, grant) = abi.decode(statement, (bytes, bytes, bytes32, Grant));
        if (capsule.length != CAPSULE_LENGTH || capsule[0] != CAPSULE_TAG) revert InvalidStatement(accessId);
        Request storage q = _requests[terms.requestId];
        bytes32 commitment = keccak256(
            abi.encode(
                bundleHash,
                keccak256(commitments),
                terms.requester,
                q.recordId,
                q.version,
                sha256(capsule),
                grant.committeeId,
                grant.threshold,
                grant.memberMask
            )
        );
        if (commitment != grant.commitment || keccak256(abi.encode(grant)) != q.grantHash) {
            revert StatementMismatch(accessId);
        }
    }

    function _afterFulfilled(uint64 accessId, AnswerTerms memory terms, uint16 commitMask) internal override {
        emit AccessFulfilled(
            accessId, terms.requestId, _patientOf(terms.requestId), terms.requester, commitMask
        );
    }

    function _afterRejected(uint64 accessId, AnswerTerms memory terms, bytes4 reason) internal override {
        emit AccessRejected(accessId, terms.requestId, _patientOf(terms.requestId), terms.requester, reason);
    }

    function _afterFaulted(uint64 accessId, AnswerTerms memory terms, uint8 member, address node)
        internal
        override
    {
        emit AccessFaulted(accessId, terms.requestId, _patientOf(terms.requestId), member, node);
    }

    // -------------------------------------------------------------- internals

    /// @dev The caller is the record's active patient, the request awaits a grant and the record is
    /// active; returns what the grant binds to.
    function _grantable(uint64 requestId, Request storage q)
        private
        view
        returns (address patient, uint32 version, uint32 generation)
    {
        IRecordRegistry.RecordStatus recordStatus;
        (patient, version, generation, recordStatus) = records.keyState(q.recordId);
        if (msg.sender != patient) revert NotPatient(msg.sender);
        // Suspension often answers a leaked key: the patient's key may take access away, not give it.
        if (!registry.isActive(msg.sender, IRegistry.Role.Patient)) revert PatientNotActive(msg.sender);
        if (q.status != RequestStatus.Requested) revert InvalidRequestStatus(requestId, q.status);
        if (recordStatus != IRecordRegistry.RecordStatus.Active) revert RecordNotActive(q.recordId);
    }

    function _checkGrant(GrantInput calldata input, uint8 operation, bytes calldata commitments)
        private
        view
    {
        if (input.notAfter < input.notBefore || input.notAfter < block.timestamp) {
            revert InvalidWindow(input.notBefore, input.notAfter);
        }
        if (input.operations & (uint8(1) << operation) == 0) {
            revert OperationNotAllowed(operation, input.operations);
        }
        if (input.maxUses == 0) revert InvalidMaxUses();
        if (input.committeeId == 0 || input.bundleHash == bytes32(0) || input.bundleRef.length == 0) {
            revert EmptyField();
        }
        uint256 members = _popcount(input.memberMask);
        if (input.threshold == 0 || input.threshold > members) {
            revert InvalidThreshold(input.threshold, input.memberMask);
        }
        if (commitments.length != members * COMMITMENT_LENGTH) {
            revert InvalidCommitments(commitments.length, members);
        }
        // A commitment off the curve could never match a member's proof; refuse it now rather
        // than leave the grant unanswerable.
        for (uint256 o; o < commitments.length; o += COMMITMENT_LENGTH) {
            if (!Secp256k1.isOnCurve(
                    uint256(bytes32(commitments[o:o + 32])), uint256(bytes32(commitments[o + 32:o + 64]))
                )) {
                revert InvalidCommitments(commitments.length, members);
            }
        }
        _checkCommittee(input.committeeId, input.memberMask);
    }

    /// @dev The committee is active (not retired) and has every member the mask names: its
    /// highest-numbered one suffices, as members are numbered 1 to n.
    function _checkCommittee(uint64 committeeId, uint16 memberMask) private view {
        if (proxyNetwork.status(committeeId) != IProxyNetwork.CommitteeStatus.Active) {
            revert CommitteeNotActive(committeeId);
        }
        uint8 highest;
        for (uint16 m = memberMask; m != 0; m >>= 1) {
            ++highest;
        }
        if (proxyNetwork.memberAt(committeeId, highest) == address(0)) {
            revert UnknownMembers(committeeId, memberMask);
        }
    }

    /// @dev The grant's terms, with the commitment over the bundle, the share commitments and the
    /// capsule the record holds now.
    function _grant(Request storage q, uint32 version, GrantInput calldata input, bytes calldata commitments)
        private
        view
        returns (Grant memory grant)
    {
        grant.notBefore = input.notBefore;
        grant.notAfter = input.notAfter;
        grant.operations = input.operations;
        grant.committeeId = input.committeeId;
        grant.threshold = input.threshold;
        grant.memberMask = input.memberMask;
        bytes32 recordId = q.recordId;
        grant.commitment = keccak256(
            abi.encode(
                input.bundleHash,
                keccak256(commitments),
                q.requester,
                recordId,
                version,
                records.capsuleHashOf(recordId),
                grant.committeeId,
                grant.threshold,
                grant.memberMask
            )
        );
    }

    function _emitGranted(
        uint64 requestId,
        address patient,
        Request storage q,
        uint32 generation,
        GrantInput calldata input,
        Grant memory grant,
        bytes calldata commitments
    ) private {
        emit AccessGranted(
            requestId,
            patient,
            q.requester,
            q.recordId,
            q.version,
            generation,
            input.maxUses,
            grant,
            input.bundleHash,
            input.bundleRef,
            commitments
        );
    }

    function _request(uint64 requestId) private view returns (Request storage q) {
        q = _requests[requestId];
        if (q.status == RequestStatus.None) revert UnknownRequest(requestId);
    }

    function _patientOf(uint64 requestId) private view returns (address patient) {
        (patient,,) = records.recordState(_requests[requestId].recordId);
    }

    /// @dev Every check of seed 000's get-access and seed 002's (role, object, operation, time)
    /// policy, in order, plus the grant's terms and the uses left; returns the encoded custom error
    /// of the first that fails (or empty) and the record's patient.
    function _invokeError(uint64 requestId, Request storage q, Grant calldata grant)
        private
        view
        returns (bytes memory err, address patient)
    {
        RequestStatus s = q.status;
        if (s == RequestStatus.Revoked) {
            return (abi.encodeWithSelector(GrantRevoked.selector, requestId), patient);
        }
        if (s != RequestStatus.Granted) {
            return (abi.encodeWithSelector(InvalidRequestStatus.selector, requestId, s), patient);
        }
        if (keccak256(abi.encode(grant)) != q.grantHash) {
            return (abi.encodeWithSelector(GrantMismatch.selector, requestId), patient);
        }
        if (block.timestamp > grant.notAfter) {
            return (abi.encodeWithSelector(GrantExpired.selector, requestId, grant.notAfter), patient);
        }
        if (block.timestamp < grant.notBefore) {
            return (abi.encodeWithSelector(GrantNotYetValid.selector, requestId, grant.notBefore), patient);
        }
        if (q.usesLeft == 0) return (abi.encodeWithSelector(GrantUsedUp.selector, requestId), patient);
        return _answerError(requestId, q);
    }

    /// @dev What must still hold for an access to be answered: not revoked (an expired grant's
    /// accesses were invoked inside the window), the record on the granted version and key
    /// generation, the requester active in the granted role.
    function _answerError(uint64 requestId, Request storage q)
        private
        view
        returns (bytes memory err, address patient)
    {
        if (q.status == RequestStatus.Revoked) {
            return (abi.encodeWithSelector(GrantRevoked.selector, requestId), patient);
        }
        bytes32 recordId = q.recordId;
        (address p, uint32 current, uint32 generation, IRecordRegistry.RecordStatus recordStatus) =
            records.keyState(recordId);
        patient = p;
        if (recordStatus != IRecordRegistry.RecordStatus.Active || current != q.version) {
            uint32 shown = recordStatus == IRecordRegistry.RecordStatus.Active ? current : 0;
            return (abi.encodeWithSelector(RecordVersionStale.selector, recordId, q.version, shown), patient);
        }
        if (generation != q.generation) {
            return
                (abi.encodeWithSelector(KeyRewrapped.selector, recordId, q.generation, generation), patient);
        }
        (IRegistry.Role role, IRegistry.Status status) = registry.roleOf(q.requester);
        if (status != IRegistry.Status.Active) {
            return (abi.encodeWithSelector(RequesterNotActive.selector, q.requester), patient);
        }
        if (uint8(role) != q.requesterRole) {
            return (abi.encodeWithSelector(RoleChanged.selector, q.requester), patient);
        }
        return ("", patient);
    }

    /// @dev The capsule's E, decompressed.
    function _capsuleE(uint64 accessId, bytes memory capsule) private view returns (Dleq.Point memory) {
        bytes memory encoded = new bytes(POINT_LENGTH);
        for (uint256 i; i < POINT_LENGTH; ++i) {
            encoded[i] = capsule[CAPSULE_E_OFFSET + i];
        }
        (bool ok, uint256 x, uint256 y) = Secp256k1.decompress(encoded);
        if (!ok) revert InvalidStatement(accessId);
        return Dleq.Point(x, y);
    }

    function _mayRequest(IRegistry.Role role) private pure returns (bool) {
        return role == IRegistry.Role.Provider || role == IRegistry.Role.Requester;
    }
}
