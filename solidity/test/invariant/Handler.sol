// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {AccessLedger} from "../../src/AccessLedger.sol";
import {KeywordIndex} from "../../src/KeywordIndex.sol";
import {RecordRegistry} from "../../src/RecordRegistry.sol";
import {Registry} from "../../src/Registry.sol";
import {IAccessLedger} from "../../src/interfaces/IAccessLedger.sol";
import {IRecordRegistry} from "../../src/interfaces/IRecordRegistry.sol";
import {IRegistry} from "../../src/interfaces/IRegistry.sol";
import {Reasons} from "../../src/libraries/Reasons.sol";
import {TestBase} from "../lib/Test.sol";

/// @title Handler
/// @notice Drives random sequences of mostly valid actions by several participants through the
/// registry, records, access ledger and keyword index, and keeps an independent model (ghost
/// state) of what each call should have done.
/// @dev With `fail_on_revert = false` a revert inside a handler call is discarded silently, so the
/// handler never asserts: every disagreement between the model and the contracts is counted in a
/// ghost counter that the invariant functions require to stay zero. Each action predicts its own
/// outcome from the model, calls the contract with try/catch and compares, so both "allowed what
/// it should refuse" and "refused what it should allow" are caught.
contract Handler is TestBase {
    struct Contracts {
        Registry registry;
        RecordRegistry records;
        AccessLedger ledger;
        KeywordIndex index;
    }

    struct GhostVersion {
        address provider;
        bytes32 contentHash;
        bytes32 policyHash;
        bytes32 locationHash;
        bytes32 capsuleHash;
        bytes32 abeHash;
    }

    struct GhostRecord {
        bytes32 id;
        address patient;
        bool deleted;
    }

    struct GhostRequest {
        address requester;
        uint256 record;
        uint8 operation;
        IAccessLedger.RequestStatus status;
        uint32 version;
        uint64 notBefore;
        uint64 notAfter;
    }

    struct GhostAccess {
        uint64 requestId;
        uint32 version;
        uint256 answers;
        IAccessLedger.AccessStatus status;
    }

    uint256 internal constant MAX_RECORDS = 12;
    uint256 internal constant MAX_VERSIONS = 8;
    uint256 internal constant MAX_REQUESTERS = 8;
    uint256 internal constant KEYWORDS = 3;

    Registry public immutable registry;
    RecordRegistry public immutable records;
    AccessLedger public immutable ledger;
    KeywordIndex public immutable index;
    address public immutable registrar;

    address[] public patients;
    mapping(address => uint256) internal _keyOf;
    address[] public providers;
    address[] public requesters;
    address[] public oracles;
    address public immutable stranger;

    mapping(address => IRegistry.Status) public statusOf;
    mapping(address => IRegistry.Role) public roleOf;

    GhostRecord[] internal _records;
    mapping(uint256 record => GhostVersion[]) internal _versions;
    GhostRequest[] internal _requests; // request id i + 1 is at index i
    GhostAccess[] internal _accesses; // access id i + 1 is at index i
    mapping(address patient => mapping(address requester => bool)) public authorized;
    mapping(address patient => mapping(uint256 keyword => uint256)) public entryCount;
    uint256 internal _nonce;

    // Violations. Every one of these must stay zero.
    /// (a) a fulfil succeeded although the model had no live grant on the current version.
    uint256 public fulfilledWithoutLiveGrant;
    /// (b) a fulfil succeeded for a grant the model had revoked or seen expire.
    uint256 public fulfilledRevokedOrExpired;
    /// (c) an answer succeeded from a caller that is not an active oracle.
    uint256 public answeredByNonOracle;
    /// (c) an access was answered a second time.
    uint256 public answeredTwice;
    /// (e) a search succeeded for a requester that is not authorized or not an active requester.
    uint256 public searchedWithoutAuthorization;
    /// (d) a create or update left a version head that does not recompute from its predecessor.
    uint256 public chainViolations;
    /// Any other call whose outcome (success or revert) differs from the model's prediction.
    uint256 public mismatches;
    /// The first mismatch, for the failure message.
    string public firstMismatch;

    // What the last call touched (1-based; 0 for none), so the per-call invariant check can look at
    // just that instead of sweeping everything.
    uint256 public touchedRecord;
    uint64 public touchedRequest;
    uint64 public touchedAccess;
    address public touchedPatient;
    address public touchedSearcher;

    // Coverage counters: how often each interesting outcome happened.
    uint256 public fulfilments;
    uint256 public rejections;
    uint256 public refusedFulfilments;
    uint256 public searches;
    uint256 public refusedSearches;
    uint256 public updates;
    uint256 public grants;

    constructor(
        Contracts memory c,
        address registrar_,
        uint256[] memory patientKeys,
        uint256[] memory providerKeys,
        address[] memory requesters_,
        address[] memory oracles_,
        address stranger_
    ) {
        registry = c.registry;
        records = c.records;
        ledger = c.ledger;
        index = c.index;
        registrar = registrar_;
        stranger = stranger_;
        for (uint256 i; i < patientKeys.length; ++i) {
            address a = vm.addr(patientKeys[i]);
            patients.push(a);
            _keyOf[a] = patientKeys[i];
            _enroll(a, IRegistry.Role.Patient);
        }
        for (uint256 i; i < providerKeys.length; ++i) {
            address a = vm.addr(providerKeys[i]);
            providers.push(a);
            _keyOf[a] = providerKeys[i];
            _enroll(a, IRegistry.Role.Provider);
        }
        for (uint256 i; i < requesters_.length; ++i) {
            requesters.push(requesters_[i]);
            _enroll(requesters_[i], IRegistry.Role.Requester);
        }
        for (uint256 i; i < oracles_.length; ++i) {
            oracles.push(oracles_[i]);
            _enroll(oracles_[i], IRegistry.Role.Oracle);
        }
    }

    // ===================================================================== registry

    function enrollRequester(uint256 seed) external {
        if (requesters.length >= MAX_REQUESTERS) return;
        address a = address(uint160(uint256(keccak256(abi.encode("requester", seed, requesters.length)))));
        if (roleOf[a] != IRegistry.Role.None || a == address(0)) return;
        requesters.push(a);
        _enroll(a, IRegistry.Role.Requester);
    }

    function suspend(uint256 seed) external {
        address a = _anyParticipant(seed);
        bool expected = statusOf[a] == IRegistry.Status.Active;
        vm.prank(registrar);
        try registry.suspend(a) {
            _check(expected, true, "suspend");
            statusOf[a] = IRegistry.Status.Suspended;
        } catch {
            _check(expected, false, "suspend");
        }
    }

    function reinstate(uint256 seed) external {
        address a = _anyParticipant(seed);
        // Mostly reinstate someone who is suspended, so suspensions do not pile up over a run.
        if (seed % 8 != 0) {
            uint256 n = _participantCount();
            for (uint256 i; i < n && statusOf[a] != IRegistry.Status.Suspended; ++i) {
                unchecked {
                    a = _anyParticipant(seed + i);
                }
            }
        }
        bool expected = statusOf[a] == IRegistry.Status.Suspended;
        vm.prank(registrar);
        try registry.reinstate(a) {
            _check(expected, true, "reinstate");
            statusOf[a] = IRegistry.Status.Active;
        } catch {
            _check(expected, false, "reinstate");
        }
    }

    /// @dev Only requesters are removed (removal is final), one call in four; `enrollRequester`
    /// replenishes them.
    function removeRequester(uint256 seed) external {
        if (seed % 4 != 0) return;
        address a = requesters[(seed >> 2) % requesters.length];
        bool expected = statusOf[a] == IRegistry.Status.Active || statusOf[a] == IRegistry.Status.Suspended;
        vm.prank(registrar);
        try registry.remove(a) {
            _check(expected, true, "remove");
            statusOf[a] = IRegistry.Status.Removed;
        } catch {
            _check(expected, false, "remove");
        }
    }

    // ====================================================================== records

    function createRecord(uint256 patientSeed, uint256 providerSeed) external {
        if (_records.length >= MAX_RECORDS) return;
        address patient = patients[patientSeed % patients.length];
        address provider = providers[providerSeed % providers.length];
        IRecordRegistry.RecordInput memory input = _input(++_nonce);
        bytes32 id = records.recordIdFor(patient, provider, input.contentHash);
        bytes32 digest = records.versionDigest(id, patient, 1, input);
        bool expected =
            statusOf[patient] == IRegistry.Status.Active && statusOf[provider] == IRegistry.Status.Active;
        try records.createRecord(patient, provider, input, _sign(provider, digest), _sign(patient, digest)) {
            _check(expected, true, "createRecord");
            _records.push(GhostRecord({id: id, patient: patient, deleted: false}));
            _versions[_records.length - 1].push(_ghostVersion(provider, input));
            touchedRecord = _records.length;
            _checkChainAt(_records.length - 1);
        } catch {
            _check(expected, false, "createRecord");
        }
    }

    function updateRecord(uint256 recordSeed, uint256 providerSeed) external {
        if (_records.length == 0) return;
        uint256 r = recordSeed % _records.length;
        if (_versions[r].length >= MAX_VERSIONS) return;
        GhostRecord storage g = _records[r];
        touchedRecord = r + 1;
        address provider = providers[providerSeed % providers.length];
        IRecordRegistry.RecordInput memory input = _input(++_nonce);
        uint32 version = uint32(_versions[r].length + 1);
        bytes32 digest = records.versionDigest(g.id, g.patient, version, input);
        bool expected = !g.deleted && statusOf[g.patient] == IRegistry.Status.Active
            && statusOf[provider] == IRegistry.Status.Active;
        try records.updateRecord(
            g.id, provider, input, _sign(provider, digest), _sign(g.patient, digest)
        ) returns (
            uint32 v
        ) {
            _check(expected, true, "updateRecord");
            if (v != version) _violation("updateRecord returned an unexpected version");
            _versions[r].push(_ghostVersion(provider, input));
            _checkChainAt(r);
            ++updates;
        } catch {
            _check(expected, false, "updateRecord");
        }
    }

    /// @dev One call in four: deletion is final, and records are what every other action needs.
    function deleteRecord(uint256 recordSeed, bool byPatient) external {
        if (_records.length == 0 || recordSeed % 4 != 0) return;
        uint256 r = (recordSeed >> 2) % _records.length;
        GhostRecord storage g = _records[r];
        touchedRecord = r + 1;
        address actor = byPatient ? g.patient : _versions[r][_versions[r].length - 1].provider;
        bool expected = !g.deleted;
        vm.prank(actor);
        try records.deleteRecord(g.id) {
            _check(expected, true, "deleteRecord");
            g.deleted = true;
        } catch {
            _check(expected, false, "deleteRecord");
        }
    }

    /// @dev Changes the current policy only; the version chain must keep the version-time fields.
    /// Only an active patient may (a suspended patient's key may be the leaked one).
    function changePolicy(uint256 recordSeed, bytes32 policyHash) external {
        if (_records.length == 0) return;
        touchedRecord = recordSeed % _records.length + 1;
        GhostRecord storage g = _records[touchedRecord - 1];
        bool expected = !g.deleted && statusOf[g.patient] == IRegistry.Status.Active;
        bytes memory ref = policyHash == bytes32(0) ? bytes("") : abi.encodePacked("abe", policyHash);
        vm.prank(g.patient);
        try records.changePolicy(g.id, policyHash, ref) {
            _check(expected, true, "changePolicy");
        } catch {
            _check(expected, false, "changePolicy");
        }
    }

    // ======================================================================= access

    function requestAccess(uint256 requesterSeed, uint256 recordSeed, uint8 operation) external {
        if (_records.length == 0) return;
        address requester = _anyRequester(requesterSeed);
        uint256 r = recordSeed % _records.length;
        operation = uint8(bound(operation, 0, 8)); // 8 is out of range: refused
        bool expected = statusOf[requester] == IRegistry.Status.Active && _mayRequest(requester)
            && operation < 8 && !_records[r].deleted;
        vm.prank(requester);
        try ledger.requestAccess(_records[r].id, operation, keccak256("treatment")) returns (uint64 id) {
            _check(expected, true, "requestAccess");
            if (id != _requests.length + 1) _violation("request id out of sequence");
            touchedRequest = id;
            _requests.push(
                GhostRequest({
                    requester: requester,
                    record: r,
                    operation: operation,
                    status: IAccessLedger.RequestStatus.Requested,
                    version: 0,
                    notBefore: 0,
                    notAfter: 0
                })
            );
        } catch {
            _check(expected, false, "requestAccess");
        }
    }

    /// @dev Suspended and removed patients try too: they may take access away but not give it.
    function grantAccess(uint256 requestSeed, uint256 start, uint256 duration, uint8 extraOperations)
        external
    {
        if (_requests.length == 0) return;
        uint64 id = _pickRequest(requestSeed, IAccessLedger.RequestStatus.Requested);
        touchedRequest = id;
        GhostRequest storage q = _requests[id - 1];
        GhostRecord storage g = _records[q.record];
        // Windows from a day ago to a day ahead, lasting up to three days; some end in the past.
        uint256 dayAgo = block.timestamp > 1 days ? block.timestamp - 1 days : 0;
        uint64 notBefore = uint64(dayAgo + bound(start, 0, 2 days));
        uint64 notAfter = uint64(notBefore + bound(duration, 0, 3 days));
        // Mostly include the requested operation; one value in eight leaves it out.
        uint8 operations = extraOperations % 8 == 0
            ? extraOperations & ~(uint8(1) << q.operation)
            : extraOperations | (uint8(1) << q.operation);
        bool expected = statusOf[g.patient] == IRegistry.Status.Active
            && q.status == IAccessLedger.RequestStatus.Requested && notAfter >= block.timestamp
            && operations & (uint8(1) << q.operation) != 0 && !g.deleted;
        vm.prank(g.patient);
        try ledger.grantAccess(id, notBefore, notAfter, operations, keccak256(abi.encode(id)), "bafyrekey") {
            _check(expected, true, "grantAccess");
            q.status = IAccessLedger.RequestStatus.Granted;
            q.version = uint32(_versions[q.record].length);
            q.notBefore = notBefore;
            q.notAfter = notAfter;
            ++grants;
        } catch {
            _check(expected, false, "grantAccess");
        }
    }

    function revokeAccess(uint256 requestSeed, bool byPatient) external {
        if (_requests.length == 0) return;
        uint64 id = _pickRequest(requestSeed, IAccessLedger.RequestStatus.Granted);
        touchedRequest = id;
        GhostRequest storage q = _requests[id - 1];
        bool expected = q.status == IAccessLedger.RequestStatus.Requested
            || q.status == IAccessLedger.RequestStatus.Granted;
        vm.prank(byPatient ? _records[q.record].patient : q.requester);
        try ledger.revokeAccess(id) {
            _check(expected, true, "revokeAccess");
            q.status = IAccessLedger.RequestStatus.Revoked;
        } catch {
            _check(expected, false, "revokeAccess");
        }
    }

    function expire(uint256 requestSeed) external {
        if (_requests.length == 0) return;
        uint64 id = _pickRequest(requestSeed, IAccessLedger.RequestStatus.Granted);
        touchedRequest = id;
        GhostRequest storage q = _requests[id - 1];
        bool expected = q.status == IAccessLedger.RequestStatus.Granted && block.timestamp > q.notAfter;
        try ledger.expire(id) {
            _check(expected, true, "expire");
            q.status = IAccessLedger.RequestStatus.Expired;
        } catch {
            _check(expected, false, "expire");
        }
    }

    function getAccess(uint256 requestSeed) external {
        if (_requests.length == 0) return;
        uint64 id = _pickRequest(requestSeed, IAccessLedger.RequestStatus.Granted);
        touchedRequest = id;
        GhostRequest storage q = _requests[id - 1];
        bool expected = _live(q);
        vm.prank(q.requester);
        try ledger.getAccess(id) returns (uint64 accessId) {
            _check(expected, true, "getAccess");
            if (accessId != _accesses.length + 1) _violation("access id out of sequence");
            touchedAccess = accessId;
            _accesses.push(
                GhostAccess({
                    requestId: id, version: q.version, answers: 0, status: IAccessLedger.AccessStatus.Pending
                })
            );
        } catch {
            _check(expected, false, "getAccess");
        }
    }

    function fulfil(uint256 accessSeed, uint256 oracleSeed) external {
        if (_accesses.length == 0) return;
        uint64 accessId = _pickPendingAccess(accessSeed);
        touchedAccess = accessId;
        address oracle = oracles[oracleSeed % oracles.length];
        bool expected = _fulfillable(accessId, oracle);
        vm.prank(oracle);
        try ledger.fulfil(accessId, keccak256(abi.encode(accessId)), "bafyresult") {
            _check(expected, true, "fulfil");
            _recordFulfilment(accessId, oracle);
        } catch {
            _check(expected, false, "fulfil");
            ++refusedFulfilments;
        }
    }

    function fulfilMany(uint256 accessSeed, uint256 count, uint256 oracleSeed) external {
        if (_accesses.length == 0) return;
        count = bound(count, 1, 3);
        address oracle = oracles[oracleSeed % oracles.length];
        IAccessLedger.Fulfilment[] memory batch = new IAccessLedger.Fulfilment[](count);
        bool expected = true;
        for (uint256 i; i < count; ++i) {
            uint64 accessId;
            unchecked {
                accessId = _pickPendingAccess(accessSeed + (i << 3));
            }
            // A repeated id is answered by the first occurrence and refused by the second.
            for (uint256 j; j < i; ++j) {
                if (batch[j].accessId == accessId) expected = false;
            }
            batch[i] = IAccessLedger.Fulfilment({
                accessId: accessId, resultHash: keccak256(abi.encode(accessId)), resultRef: "bafyresult"
            });
            expected = expected && _fulfillable(accessId, oracle);
        }
        vm.prank(oracle);
        try ledger.fulfilMany(batch) {
            _check(expected, true, "fulfilMany");
            for (uint256 i; i < count; ++i) {
                _recordFulfilment(batch[i].accessId, oracle);
            }
            touchedAccess = batch[count - 1].accessId;
        } catch {
            _check(expected, false, "fulfilMany");
            ++refusedFulfilments;
        }
    }

    function reject(uint256 accessSeed, uint256 oracleSeed, uint8 reason) external {
        if (_accesses.length == 0) return;
        uint64 accessId = _pickPendingAccess(accessSeed);
        touchedAccess = accessId;
        address oracle = oracles[oracleSeed % oracles.length];
        reason = uint8(bound(reason, 0, Reasons.MAX + 1)); // 0 and MAX + 1 are refused
        GhostAccess storage a = _accesses[accessId - 1];
        bool expected = a.status == IAccessLedger.AccessStatus.Pending
            && statusOf[oracle] == IRegistry.Status.Active && reason >= 1 && reason <= Reasons.MAX;
        vm.prank(oracle);
        try ledger.reject(accessId, reason) {
            _check(expected, true, "reject");
            _recordAnswer(accessId, oracle);
            a.status = IAccessLedger.AccessStatus.Rejected;
            ++rejections;
        } catch {
            _check(expected, false, "reject");
        }
    }

    /// @dev Someone who is not an oracle (a requester, a patient, a provider or a stranger) tries
    /// to answer a pending access.
    function answerAsNonOracle(uint256 accessSeed, uint256 callerSeed, bool fulfilling) external {
        if (_accesses.length == 0) return;
        uint64 accessId = _pickPendingAccess(accessSeed);
        touchedAccess = accessId;
        address caller = _anyNonOracle(callerSeed);
        vm.prank(caller);
        if (fulfilling) {
            try ledger.fulfil(accessId, keccak256(abi.encode(accessId)), "bafyresult") {
                ++answeredByNonOracle;
            } catch {}
        } else {
            try ledger.reject(accessId, Reasons.MISSING_OBJECT) {
                ++answeredByNonOracle;
            } catch {}
        }
    }

    // ================================================================ keyword index

    function authorize(uint256 patientSeed, uint256 requesterSeed) external {
        address patient = patients[patientSeed % patients.length];
        address requester = _anySearcher(requesterSeed);
        touchedPatient = patient;
        touchedSearcher = requester;
        bool expected = !authorized[patient][requester];
        vm.prank(patient);
        try index.addRequester(requester) {
            _check(expected, true, "addRequester");
            authorized[patient][requester] = true;
        } catch {
            _check(expected, false, "addRequester");
        }
    }

    function deauthorize(uint256 patientSeed, uint256 requesterSeed) external {
        address patient = patients[patientSeed % patients.length];
        address requester = _anySearcher(requesterSeed);
        touchedPatient = patient;
        touchedSearcher = requester;
        bool expected = authorized[patient][requester];
        vm.prank(patient);
        try index.removeRequester(requester) {
            _check(expected, true, "removeRequester");
            authorized[patient][requester] = false;
        } catch {
            _check(expected, false, "removeRequester");
        }
    }

    function addEntries(uint256 patientSeed, uint256 keyword, uint256 count) external {
        address patient = patients[patientSeed % patients.length];
        keyword %= KEYWORDS;
        count = bound(count, 1, 5);
        uint256 first = entryCount[patient][keyword];
        bytes32[] memory labels = new bytes32[](count);
        bytes32[] memory values = new bytes32[](count);
        for (uint256 i; i < count; ++i) {
            labels[i] = index.labelAt(_token(keyword), first + i);
            values[i] = keccak256(abi.encode(patient, keyword, first + i));
        }
        vm.prank(patient);
        try index.addEntries(labels, values) {
            entryCount[patient][keyword] = first + count;
        } catch {
            _check(true, false, "addEntries");
        }
    }

    function search(
        uint256 patientSeed,
        uint256 requesterSeed,
        uint256 keyword,
        uint256 offset,
        uint256 limit
    ) external {
        address patient = patients[patientSeed % patients.length];
        address requester = _anySearcher(requesterSeed);
        // Mostly someone on the patient's list, so searches get past the list check.
        for (uint256 i; i < 16 && requesterSeed % 8 != 0 && !authorized[patient][requester]; ++i) {
            unchecked {
                requester = _anySearcher(requesterSeed + (i + 1) * 0x9e3779b9);
            }
        }
        keyword %= KEYWORDS;
        offset = bound(offset, 0, 8);
        limit = bound(limit, 1, 8);
        bool allowed = authorized[patient][requester] && statusOf[requester] == IRegistry.Status.Active
            && _mayRequest(requester);
        vm.prank(requester);
        try index.search(patient, _token(keyword), offset, limit) returns (
            bytes32[] memory values, bool more
        ) {
            if (!allowed) ++searchedWithoutAuthorization;
            uint256 total = entryCount[patient][keyword];
            uint256 expectedCount = offset >= total ? 0 : (total - offset < limit ? total - offset : limit);
            if (values.length != expectedCount || more != (offset + limit < total)) {
                _violation("search page differs from the model");
            }
            ++searches;
        } catch {
            _check(allowed, false, "search");
            ++refusedSearches;
        }
    }

    // ========================================================================= time

    function warp(uint256 secondsAhead) external {
        vm.warp(block.timestamp + bound(secondsAhead, 1, 12 hours));
    }

    /// @dev Moves to within a second of a granted window's start or end, where off-by-ones show.
    function warpToEdge(uint256 requestSeed, uint256 which) external {
        if (_requests.length == 0) return;
        GhostRequest storage q = _requests[_pickRequest(requestSeed, IAccessLedger.RequestStatus.Granted) - 1];
        if (q.status != IAccessLedger.RequestStatus.Granted) return;
        uint256 edge = which % 2 == 0 ? q.notBefore : q.notAfter;
        uint256 target = edge + (which >> 1) % 3; // the edge, or one or two seconds past it
        if (target > block.timestamp) vm.warp(target);
    }

    // ================================================================== ghost reads

    function recordCount() external view returns (uint256) {
        return _records.length;
    }

    function recordAt(uint256 r) external view returns (GhostRecord memory) {
        return _records[r];
    }

    function versionsOf(uint256 r) external view returns (GhostVersion[] memory) {
        return _versions[r];
    }

    function requestCount() external view returns (uint256) {
        return _requests.length;
    }

    function requestAt(uint64 id) external view returns (GhostRequest memory) {
        return _requests[id - 1];
    }

    function accessCount() external view returns (uint256) {
        return _accesses.length;
    }

    function accessAt(uint64 id) external view returns (GhostAccess memory) {
        return _accesses[id - 1];
    }

    function requesterCount() external view returns (uint256) {
        return requesters.length;
    }

    // ===================================================================== internals

    /// @dev Seven times in eight, the first request at or after the seed's position that is in
    /// `preferred` state (so multi-step flows happen within a short run); otherwise any request.
    function _pickRequest(uint256 seed, IAccessLedger.RequestStatus preferred)
        internal
        view
        returns (uint64)
    {
        uint256 n = _requests.length;
        uint256 start = (seed >> 3) % n;
        if (seed % 8 != 0) {
            for (uint256 i; i < n; ++i) {
                uint256 j = (start + i) % n;
                if (_requests[j].status == preferred) return uint64(j + 1);
            }
        }
        return uint64(start + 1);
    }

    /// @dev Like `_pickRequest`, preferring accesses still pending.
    function _pickPendingAccess(uint256 seed) internal view returns (uint64) {
        uint256 n = _accesses.length;
        uint256 start = (seed >> 3) % n;
        if (seed % 8 != 0) {
            for (uint256 i; i < n; ++i) {
                uint256 j = (start + i) % n;
                if (_accesses[j].status == IAccessLedger.AccessStatus.Pending) return uint64(j + 1);
            }
        }
        return uint64(start + 1);
    }

    /// @dev The model of `getAccess`'s checks: granted, inside the window, on the record's current
    /// version, record not deleted, requester active. Requester roles never change in this registry.
    function _live(GhostRequest storage q) internal view returns (bool) {
        return q.status == IAccessLedger.RequestStatus.Granted && block.timestamp >= q.notBefore
            && block.timestamp <= q.notAfter && !_records[q.record].deleted
            && q.version == _versions[q.record].length && statusOf[q.requester] == IRegistry.Status.Active;
    }

    function _fulfillable(uint64 accessId, address oracle) internal view returns (bool) {
        GhostAccess storage a = _accesses[accessId - 1];
        return a.status == IAccessLedger.AccessStatus.Pending && statusOf[oracle] == IRegistry.Status.Active
            && _live(_requests[a.requestId - 1]);
    }

    /// @dev A fulfilment the contract accepted: check (a) and (b) against the model, then record it.
    function _recordFulfilment(uint64 accessId, address oracle) internal {
        GhostAccess storage a = _accesses[accessId - 1];
        GhostRequest storage q = _requests[a.requestId - 1];
        if (!_live(q) || a.version != _versions[q.record].length) ++fulfilledWithoutLiveGrant;
        if (
            q.status == IAccessLedger.RequestStatus.Revoked || q.status == IAccessLedger.RequestStatus.Expired
                || block.timestamp > q.notAfter
        ) ++fulfilledRevokedOrExpired;
        // Independently of the model: the record really is active and on the granted version now.
        (, uint32 current, IRecordRegistry.RecordStatus recordStatus) =
            records.recordState(_records[q.record].id);
        if (recordStatus != IRecordRegistry.RecordStatus.Active || current != a.version) {
            ++fulfilledWithoutLiveGrant;
        }
        _recordAnswer(accessId, oracle);
        a.status = IAccessLedger.AccessStatus.Fulfilled;
        ++fulfilments;
    }

    /// @dev (d) at the moment of a write: the newest head recomputes from the stored previous head
    /// and the version's fields, and nothing lies beyond it.
    function _checkChainAt(uint256 r) internal {
        bytes32 id = _records[r].id;
        uint32 n = uint32(_versions[r].length);
        GhostVersion storage gv = _versions[r][n - 1];
        bytes32 expected = keccak256(
            abi.encode(
                records.versionHead(id, n - 1),
                id,
                n,
                gv.provider,
                gv.contentHash,
                gv.policyHash,
                gv.locationHash,
                gv.capsuleHash,
                gv.abeHash
            )
        );
        if (records.versionHead(id, n) != expected || records.versionHead(id, n + 1) != bytes32(0)) {
            ++chainViolations;
        }
    }

    function _recordAnswer(uint64 accessId, address oracle) internal {
        GhostAccess storage a = _accesses[accessId - 1];
        if (roleOf[oracle] != IRegistry.Role.Oracle || statusOf[oracle] != IRegistry.Status.Active) {
            ++answeredByNonOracle;
        }
        if (++a.answers > 1) ++answeredTwice;
    }

    function _check(bool expected, bool succeeded, string memory what) internal {
        if (expected != succeeded) {
            _violation(
                string.concat(
                    what, succeeded ? " succeeded against the model" : " reverted against the model"
                )
            );
        }
    }

    function _violation(string memory what) internal {
        if (mismatches == 0) firstMismatch = what;
        ++mismatches;
    }

    function _enroll(address a, IRegistry.Role role) internal {
        // Oracles are infrastructure: only the admin enrols them.
        vm.prank(role == IRegistry.Role.Oracle ? registry.admin() : registrar);
        registry.enroll(a, role, bytes32(0), bytes32(0), bytes32(0), "");
        statusOf[a] = IRegistry.Status.Active;
        roleOf[a] = role;
    }

    function _mayRequest(address a) internal view returns (bool) {
        return roleOf[a] == IRegistry.Role.Requester || roleOf[a] == IRegistry.Role.Provider;
    }

    /// @dev Patients, providers, requesters and oracles: everyone a registrar may suspend.
    function _anyParticipant(uint256 seed) internal view returns (address) {
        uint256 i = seed % _participantCount();
        if (i < patients.length) return patients[i];
        i -= patients.length;
        if (i < providers.length) return providers[i];
        i -= providers.length;
        if (i < requesters.length) return requesters[i];
        return oracles[i - requesters.length];
    }

    function _participantCount() internal view returns (uint256) {
        return patients.length + providers.length + requesters.length + oracles.length;
    }

    /// @dev Mostly requesters; sometimes a provider (allowed) or a patient (refused).
    function _anyRequester(uint256 seed) internal view returns (address) {
        uint256 pick = seed % 8;
        if (pick == 6) return providers[(seed >> 8) % providers.length];
        if (pick == 7) return patients[(seed >> 8) % patients.length];
        return requesters[(seed >> 8) % requesters.length];
    }

    /// @dev Requesters and providers may search; an oracle and a stranger may not.
    function _anySearcher(uint256 seed) internal view returns (address) {
        uint256 pick = seed % 8;
        if (pick == 5) return providers[(seed >> 8) % providers.length];
        if (pick == 6) return oracles[(seed >> 8) % oracles.length];
        if (pick == 7) return stranger;
        return requesters[(seed >> 8) % requesters.length];
    }

    function _anyNonOracle(uint256 seed) internal view returns (address) {
        uint256 pick = seed % 4;
        if (pick == 0) return patients[(seed >> 8) % patients.length];
        if (pick == 1) return providers[(seed >> 8) % providers.length];
        if (pick == 2) return requesters[(seed >> 8) % requesters.length];
        return stranger;
    }

    function _token(uint256 keyword) internal pure returns (bytes32) {
        return keccak256(abi.encode("keyword", keyword));
    }

    function _input(uint256 nonce) internal pure returns (IRecordRegistry.RecordInput memory input) {
        input.contentHash = keccak256(abi.encode("content", nonce));
        // Every third version carries no CP-ABE policy.
        if (nonce % 3 != 0) {
            input.policyHash = keccak256(abi.encode("policy", nonce));
            input.abeKeyRef = abi.encodePacked("abe", nonce);
        }
        input.encryptedLocation = abi.encodePacked("ct*", nonce);
        input.wrappedKeyRef = abi.encodePacked("capsule", nonce);
    }

    function _ghostVersion(address provider, IRecordRegistry.RecordInput memory input)
        internal
        pure
        returns (GhostVersion memory)
    {
        return GhostVersion({
            provider: provider,
            contentHash: input.contentHash,
            policyHash: input.policyHash,
            locationHash: keccak256(input.encryptedLocation),
            capsuleHash: keccak256(input.wrappedKeyRef),
            abeHash: keccak256(input.abeKeyRef)
        });
    }

    function _sign(address signer, bytes32 digest) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(_keyOf[signer], digest);
        return abi.encodePacked(r, s, v);
    }
}
