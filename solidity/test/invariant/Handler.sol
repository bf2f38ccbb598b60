// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {AccessLedger} from "../../src/AccessLedger.sol";
import {KeywordIndex} from "../../src/KeywordIndex.sol";
import {RecordRegistry} from "../../src/RecordRegistry.sol";
import {Registry} from "../../src/Registry.sol";
import {IAccessLedger} from "../../src/interfaces/IAccessLedger.sol";
import {IRecordRegistry} from "../../src/interfaces/IRecordRegistry.sol";
import {IRegistry} from "../../src/interfaces/IRegistry.sol";
import {IThresholdAnswers} from "../../src/interfaces/IThresholdAnswers.sol";
import {Dleq} from "../../src/libraries/Dleq.sol";
import {DleqProver} from "../lib/DleqProver.sol";

/// @title Handler
/// @notice Drives random sequences of mostly valid actions by patients, providers, requesters,
/// committee members and outsiders through the registry, the records, the access ledger (requests,
/// grants, get-access, commits, reveals, declines, revocations) and the keyword index (keys, epochs,
/// entries, token requests and their answers, searches), and keeps an independent model of what
/// each call should have done.
/// @dev With `fail_on_revert = false` a revert inside a handler call is discarded, so the handler
/// never asserts: every disagreement between the model and the contracts is counted, and the
/// invariant functions require the counts to stay zero. Each action predicts its outcome from the
/// model (success, or the exact error), calls with try/catch and compares.
///
/// `advance` carries the pipelines forward one step at a time (a record, a request, a grant, a
/// get-access, the members' commits and reveals, declines, fault reports; a revocation racing an
/// open access; an index key, entries, a token request and its answers, a search), so every run
/// reaches fulfilment, reveals, fault reports, revocation races and searches among the random
/// actions; InvariantsTest lists it several times. Every other access step carries one round
/// from wherever it stands to its receipt within the call, so random suspensions and revocations
/// between calls cannot keep a run from ever completing one.
///
/// Records carry real capsules (E = h·G for a known h) and members real DLEQ proofs against their
/// share commitments (one answer in four with a proof that fails), so a fault report with the
/// statement the ledger rebuilds either records a fault or is refused as FragmentValid.
/// Every random choice is mixed with `salt`, so a campaign with another salt explores other
/// sequences even with forge's fixed seed.
contract Handler is DleqProver {
    struct Contracts {
        Registry registry;
        RecordRegistry records;
        AccessLedger ledger;
        KeywordIndex index;
    }

    struct GhostRecord {
        bytes32 id;
        address patient;
        address provider;
        uint32 version;
        uint32 generation;
        bool deleted;
        /// log_G of the current capsule's E.
        uint256 capsuleLog;
    }

    struct GhostRequest {
        address requester;
        uint256 record;
        IAccessLedger.RequestStatus status;
        uint32 version;
        uint32 generation;
        uint16 usesLeft;
        IAccessLedger.Grant grant;
        /// Made by advance for revocation races; the access pipeline leaves it alone.
        bool race;
        /// The grant's bundle hash and log_G of the granted capsule's E, for fault statements.
        bytes32 bundleHash;
        uint256 capsuleLog;
    }

    struct GhostAccess {
        uint64 requestId;
        uint16 mask;
        uint8 t;
        uint16 commits;
        uint16 declines;
        uint16 reveals;
        IThresholdAnswers.AnswerStatus status;
        bool rejectedByLiveness;
        /// Opened by advance for a revocation race; the access pipeline leaves it alone.
        bool raceTarget;
        uint16 faults;
    }

    /// @dev A member's answer to an access: the fragment x_m·E, its DLEQ proof against the member's
    /// share commitment (made to fail one time in four) and the witness a fault report needs.
    struct GhostAnswer {
        bool prepared;
        bool valid;
        bytes fragment;
        bytes proof;
        bytes witness;
    }

    struct GhostToken {
        address patient;
        address requester;
        uint32 epoch;
        uint16 commits;
        IThresholdAnswers.AnswerStatus status;
    }

    /// @dev A predicted outcome: ok, or the exact revert data (empty `err` with !ok: any revert).
    struct Outcome {
        bool ok;
        bytes err;
    }

    uint256 internal constant MAX_RECORDS = 10;
    uint256 internal constant MAX_VERSIONS = 6;
    uint256 internal constant MAX_REQUESTERS = 6;
    uint256 internal constant KEYWORDS = 3;
    /// @dev Committee COMMITTEE has members 1 to 3 (proxies[0..2]).
    uint64 internal constant COMMITTEE = 1;
    uint8 internal constant MEMBERS = 3;

    Registry public immutable registry;
    RecordRegistry public immutable records;
    AccessLedger public immutable ledger;
    KeywordIndex public immutable index;
    address public immutable registrar;
    address public immutable stranger;
    uint256 public immutable salt;

    address[] public patients;
    address[] public providers;
    address[] public requesters;
    /// @dev proxies[i] is committee member i + 1; proxies[3] is a proxy outside the committee.
    address[] public proxies;
    mapping(address => uint256) internal _keyOf;
    mapping(address => IRegistry.Status) public statusOf;
    mapping(address => IRegistry.Role) public roleOf;
    bytes internal _commitments;

    GhostRecord[] internal _records;
    mapping(uint256 record => mapping(uint32 version => bytes32 head)) internal _heads;
    GhostRequest[] internal _requests; // request id i + 1 is at index i
    GhostAccess[] internal _accesses; // access id i + 1 is at index i
    GhostToken[] internal _tokens; // token request id i + 1 is at index i
    mapping(uint256 slot => GhostAnswer) internal _answers; // access id << 8 | member
    mapping(address patient => uint32) public epochOf;
    mapping(address patient => mapping(uint32 epoch => bool)) public keyed;
    mapping(address patient => mapping(uint32 epoch => uint16)) public keyMask;
    mapping(address patient => mapping(uint32 epoch => uint8)) public keyThreshold;
    mapping(address patient => mapping(address requester => bool)) public listed;
    mapping(address patient => mapping(uint32 epoch => mapping(uint256 keyword => uint256))) public
        entryCount;
    uint256 internal _nonce;

    // Violations: every one must stay zero.
    uint256 public mismatches;
    string public firstMismatch;
    /// A commit was accepted although the model had the grant dead (revoked, stale, requester out).
    uint256 public committedOnDeadGrant;
    /// An access was fulfilled with fewer than t commits, or rejected without a cause.
    uint256 public badSettlement;
    /// A search page differed from the model's values.
    uint256 public searchMismatches;
    /// A version head did not recompute from its predecessor at a write.
    uint256 public chainViolations;

    // What the last call touched (1-based; 0 for none).
    uint256 public touchedRecord;
    uint64 public touchedRequest;
    uint64 public touchedAccess;
    uint64 public touchedToken;

    // Coverage.
    uint256 public calls;
    uint256 public fulfilments;
    uint256 public rejections;
    uint256 public reveals;
    uint256 public declines;
    uint256 public faults;
    /// Fault reports of a valid answer, refused with FragmentValid.
    uint256 public validReportsRefused;
    uint256 public revocationRaces;
    /// @notice Races won by what killed the grant: revoked by the requester, by the patient, key
    /// rotation, new version, requester suspended.
    uint256[5] public races;
    uint256 internal _raceKills;
    uint256 public searches;
    uint256 public entriesFound;
    uint256 public tokensAnswered;
    uint256 public tokensRefusedAfterRemoval;
    uint256 public updates;

    constructor(
        Contracts memory c,
        address registrar_,
        address stranger_,
        uint256[] memory patientKeys,
        uint256[] memory providerKeys,
        address[] memory requesters_,
        address[] memory proxies_,
        bytes memory commitments_,
        uint256 salt_
    ) {
        registry = c.registry;
        records = c.records;
        ledger = c.ledger;
        index = c.index;
        registrar = registrar_;
        stranger = stranger_;
        salt = salt_;
        _commitments = commitments_;
        for (uint256 i; i < patientKeys.length; ++i) {
            address a = vm.addr(patientKeys[i]);
            patients.push(a);
            _keyOf[a] = patientKeys[i];
            _know(a, IRegistry.Role.Patient);
        }
        for (uint256 i; i < providerKeys.length; ++i) {
            address a = vm.addr(providerKeys[i]);
            providers.push(a);
            _keyOf[a] = providerKeys[i];
            _know(a, IRegistry.Role.Provider);
        }
        for (uint256 i; i < requesters_.length; ++i) {
            requesters.push(requesters_[i]);
            _know(requesters_[i], IRegistry.Role.Requester);
        }
        for (uint256 i; i < proxies_.length; ++i) {
            proxies.push(proxies_[i]);
            _know(proxies_[i], IRegistry.Role.Proxy);
        }
    }

    // ============================================================= registry

    function enrollRequester(uint256 seed) external {
        seed = _mix(seed);
        if (requesters.length >= MAX_REQUESTERS) return;
        _enroll(seed);
    }

    function _enroll(uint256 seed) internal {
        address a = address(uint160(uint256(keccak256(abi.encode("requester", seed, requesters.length)))));
        if (roleOf[a] != IRegistry.Role.None || a == address(0)) return;
        vm.prank(registrar);
        registry.enroll(a, IRegistry.Role.Requester, bytes32(0), bytes32(0), bytes32(0), "");
        requesters.push(a);
        _know(a, IRegistry.Role.Requester);
    }

    /// @dev Anyone but the admin-enrolled proxies may be suspended by the registrar; proxies are
    /// suspended too (by the admin's registrar role over them), to stop committee members.
    function suspend(uint256 seed) external {
        seed = _mix(seed);
        _setStatus(_anyParticipant(seed), true);
    }

    function reinstate(uint256 seed) external {
        seed = _mix(seed);
        address a = _anyParticipant(seed);
        // Mostly someone who is suspended, so suspensions do not pile up over a run.
        for (uint256 i; i < 12 && seed % 8 != 0 && statusOf[a] != IRegistry.Status.Suspended; ++i) {
            a = _anyParticipant(uint256(keccak256(abi.encode(seed, i))));
        }
        _setStatus(a, false);
    }

    /// @dev Only requesters are removed (removal is final), one call in four.
    function removeRequester(uint256 seed) external {
        seed = _mix(seed);
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

    // ============================================================== records

    function createRecord(uint256 seed) external {
        seed = _mix(seed);
        ++calls;
        _createRecord(patients[seed % patients.length], providers[(seed >> 8) % providers.length]);
    }

    function _createRecord(address patient, address provider) internal {
        if (_records.length >= MAX_RECORDS) return;
        IRecordRegistry.VersionInput memory input = _input(++_nonce);
        (IRecordRegistry.Approval memory approval, uint256 h) = _approval(_nonce);
        bytes32 salt_ = keccak256(abi.encode("salt", _nonce));
        bytes32 id = records.recordIdFor(patient, provider, salt_);
        (bytes memory ps, bytes memory qs) = _cosign(id, patient, provider, 1, input, approval);
        bool expected = _active(patient) && _active(provider);
        try records.createRecord(patient, provider, salt_, input, approval, ps, qs) {
            _check(expected, true, "createRecord");
            _records.push(GhostRecord(id, patient, provider, 1, 0, false, h));
            touchedRecord = _records.length;
            _checkHead(_records.length - 1, approval, input);
        } catch {
            _check(expected, false, "createRecord");
        }
    }

    function updateRecord(uint256 recordSeed, uint256 providerSeed) external {
        recordSeed = _mix(recordSeed);
        ++calls;
        if (_records.length == 0) return;
        _update(recordSeed % _records.length, providers[providerSeed % providers.length]);
    }

    function _update(uint256 r, address provider) internal {
        GhostRecord storage g = _records[r];
        if (g.version >= MAX_VERSIONS) return;
        touchedRecord = r + 1;
        IRecordRegistry.VersionInput memory input = _input(++_nonce);
        (IRecordRegistry.Approval memory approval, uint256 h) = _approval(_nonce);
        (bytes memory ps, bytes memory qs) =
            _cosign(g.id, g.patient, provider, g.version + 1, input, approval);
        bool expected = !g.deleted && _active(g.patient) && _active(provider);
        try records.updateRecord(g.id, provider, input, approval, ps, qs) returns (uint32 v) {
            _check(expected, true, "updateRecord");
            if (v != g.version + 1) _violation("updateRecord returned an unexpected version");
            g.version = v;
            g.generation = 0;
            g.provider = provider;
            g.capsuleLog = h;
            _checkHead(r, approval, input);
            ++updates;
        } catch {
            _check(expected, false, "updateRecord");
        }
    }

    /// @dev One call in four: deletion is final, and records are what every other action needs.
    function deleteRecord(uint256 recordSeed, bool byPatient) external {
        recordSeed = _mix(recordSeed);
        ++calls;
        if (_records.length == 0 || recordSeed % 4 != 0) return;
        uint256 r = (recordSeed >> 2) % _records.length;
        GhostRecord storage g = _records[r];
        touchedRecord = r + 1;
        address actor = byPatient ? g.patient : g.provider;
        bool expected = !g.deleted && _active(actor);
        vm.prank(actor);
        try records.deleteRecord(g.id) {
            _check(expected, true, "deleteRecord");
            g.deleted = true;
        } catch {
            _check(expected, false, "deleteRecord");
        }
    }

    /// @dev Key rotation: same version, next generation; grants on the old capsule die.
    function rewrapKey(uint256 recordSeed) external {
        recordSeed = _mix(recordSeed);
        ++calls;
        if (_records.length == 0) return;
        _rewrap(recordSeed % _records.length);
    }

    function _rewrap(uint256 r) internal {
        GhostRecord storage g = _records[r];
        touchedRecord = r + 1;
        bool expected = !g.deleted && _active(g.patient);
        uint256 h = toScalar(uint256(keccak256(abi.encode("rewrapped", ++_nonce))));
        bytes32 capsule = sha256(_capsule(h));
        vm.prank(g.patient);
        try records.rewrapKey(g.id, capsule, abi.encodePacked("capsule", _nonce)) {
            _check(expected, true, "rewrapKey");
            ++g.generation;
            g.capsuleLog = h;
        } catch {
            _check(expected, false, "rewrapKey");
        }
    }

    // =============================================================== access

    function requestAccess(uint256 requesterSeed, uint256 recordSeed) external {
        requesterSeed = _mix(requesterSeed);
        ++calls;
        if (_records.length == 0) return;
        _request(_anyRequester(requesterSeed), recordSeed % _records.length);
    }

    function _request(address requester, uint256 r) internal {
        bool expected = _active(requester) && _mayRequest(requester) && !_records[r].deleted;
        vm.prank(requester);
        try ledger.requestAccess(_records[r].id, 0, keccak256("treatment")) returns (uint64 id) {
            _check(expected, true, "requestAccess");
            if (id != _requests.length + 1) _violation("request id out of sequence");
            touchedRequest = id;
            GhostRequest storage q = _requests.push();
            q.requester = requester;
            q.record = r;
            q.status = IAccessLedger.RequestStatus.Requested;
        } catch {
            _check(expected, false, "requestAccess");
        }
    }

    /// @dev Suspended patients try too: they may take access away but not give it. Windows from a
    /// day ago to a day ahead, up to three days long; grants of 1 to 3 uses; thresholds 1 to 3 over
    /// two or three members.
    function grantAccess(uint256 requestSeed, uint256 shape) external {
        requestSeed = _mix(requestSeed);
        ++calls;
        if (_requests.length == 0) return;
        _grant(_pickRequest(requestSeed, IAccessLedger.RequestStatus.Requested), shape);
    }

    function _grant(uint64 id, uint256 shape) internal {
        touchedRequest = id;
        IAccessLedger.GrantInput memory g = _grantInput(shape);
        bytes memory commitments = _commitmentsFor(g.memberMask);
        GhostRequest storage q = _requests[id - 1];
        GhostRecord storage rec = _records[q.record];
        bool expected = _active(rec.patient) && q.status == IAccessLedger.RequestStatus.Requested
            && !rec.deleted && g.notAfter >= block.timestamp;
        vm.prank(rec.patient);
        try ledger.grantAccess(id, g, commitments) {
            _check(expected, true, "grantAccess");
            q.status = IAccessLedger.RequestStatus.Granted;
            q.version = rec.version;
            q.generation = rec.generation;
            q.usesLeft = g.maxUses;
            q.grant = _terms(id, g, commitments);
            q.bundleHash = g.bundleHash;
            q.capsuleLog = rec.capsuleLog;
            if (keccak256(abi.encode(q.grant)) != ledger.request(id).grantHash) _violation("grant hash");
        } catch {
            _check(expected, false, "grantAccess");
        }
    }

    function revokeAccess(uint256 requestSeed, bool byPatient) external {
        requestSeed = _mix(requestSeed);
        ++calls;
        if (_requests.length == 0) return;
        uint64 id = _pickRequest(requestSeed, IAccessLedger.RequestStatus.Granted);
        _revoke(id, byPatient);
    }

    function expire(uint256 requestSeed) external {
        requestSeed = _mix(requestSeed);
        ++calls;
        if (_requests.length == 0) return;
        uint64 id = _pickRequest(requestSeed, IAccessLedger.RequestStatus.Granted);
        touchedRequest = id;
        GhostRequest storage q = _requests[id - 1];
        bool expected = q.status == IAccessLedger.RequestStatus.Granted && block.timestamp > q.grant.notAfter;
        try ledger.expire(id, q.grant) {
            _check(expected, true, "expire");
            q.status = IAccessLedger.RequestStatus.Expired;
        } catch {
            _check(expected, false, "expire");
        }
    }

    function getAccess(uint256 requestSeed) external {
        requestSeed = _mix(requestSeed);
        ++calls;
        if (_requests.length == 0) return;
        _getAccess(_pickRequest(requestSeed, IAccessLedger.RequestStatus.Granted));
    }

    function _getAccess(uint64 id) internal returns (uint64 accessId) {
        touchedRequest = id;
        GhostRequest storage q = _requests[id - 1];
        bool expected = q.status == IAccessLedger.RequestStatus.Granted
            && block.timestamp >= q.grant.notBefore && block.timestamp <= q.grant.notAfter && q.usesLeft > 0
            && _live(q);
        vm.prank(q.requester);
        try ledger.getAccess(id, q.grant) returns (uint64 opened) {
            _check(expected, true, "getAccess");
            accessId = opened;
            if (accessId != _accesses.length + 1) _violation("access id out of sequence");
            touchedAccess = accessId;
            --q.usesLeft;
            _accesses.push(
                GhostAccess(
                    id,
                    q.grant.memberMask,
                    q.grant.threshold,
                    0,
                    0,
                    0,
                    IThresholdAnswers.AnswerStatus.Open,
                    false,
                    false,
                    0
                )
            );
        } catch {
            _check(expected, false, "getAccess");
        }
    }

    /// @dev A committee member (mostly a named one that has not answered yet) commits to an access;
    /// one call in eight comes from an outsider (the proxy outside the committee, the key oracle's
    /// role stand-in, a requester) or with the wrong request id.
    function commit(uint256 accessSeed, uint256 memberSeed) external {
        accessSeed = _mix(accessSeed);
        ++calls;
        if (_accesses.length == 0) return;
        uint64 id = _pickOpenAccess(accessSeed);
        GhostAccess storage a = _accesses[id - 1];
        uint8 member = _pickMember(a.mask & ~(a.commits | a.declines), memberSeed);
        address sender = proxies[member - 1];
        uint64 requestId = a.requestId;
        if (memberSeed % 8 == 7) {
            sender = memberSeed & 0x100 == 0 ? proxies[3] : requesters[(memberSeed >> 9) % requesters.length];
        } else if (memberSeed % 8 == 6) {
            requestId = a.requestId + 1;
        }
        _commit(id, member, sender, requestId);
    }

    function reveal(uint256 accessSeed, uint256 memberSeed) external {
        accessSeed = _mix(accessSeed);
        ++calls;
        if (_accesses.length == 0) return;
        uint64 id = _pickAccess(accessSeed, IThresholdAnswers.AnswerStatus.Fulfilled);
        GhostAccess storage a = _accesses[id - 1];
        uint8 member = _pickMember(a.commits & ~a.reveals, memberSeed);
        _reveal(id, member);
    }

    function decline(uint256 accessSeed, uint256 memberSeed, uint8 reason) external {
        accessSeed = _mix(accessSeed);
        ++calls;
        if (_accesses.length == 0) return;
        uint64 id = _pickOpenAccess(accessSeed);
        GhostAccess storage a = _accesses[id - 1];
        uint8 member = _pickMember(a.mask & ~(a.commits | a.declines), memberSeed);
        _decline(id, member, uint8(bound(reason, 0, 11)));
    }

    /// @dev A fault report by an outsider, mostly of a revealed answer, with the witness and the
    /// statement the ledger rebuilds.
    function reportFault(uint256 accessSeed, uint256 memberSeed) external {
        accessSeed = _mix(accessSeed);
        ++calls;
        if (_accesses.length == 0) return;
        uint64 id = _pickAccess(accessSeed, IThresholdAnswers.AnswerStatus.Fulfilled);
        GhostAccess storage a = _accesses[id - 1];
        _report(id, _pickMember(a.reveals & ~a.faults, memberSeed));
    }

    // ================================================================ index

    function registerIndexKey(uint256 patientSeed, uint256 shape) external {
        patientSeed = _mix(patientSeed);
        ++calls;
        _registerKey(patients[patientSeed % patients.length], shape);
    }

    function _registerKey(address patient, uint256 shape) internal {
        uint8 t = uint8(1 + shape % 3);
        uint16 mask = t == 3 || shape & 0x10 == 0 ? 0x7 : 0x3;
        if (t > _popcount(mask)) t = uint8(_popcount(mask));
        bytes memory c = _pointsFor(mask, 33);
        bool expected = _active(patient);
        vm.prank(patient);
        try index.registerIndexKey(COMMITTEE, t, mask, keccak256("index bundle"), "bafyindex", c) returns (
            uint32 e
        ) {
            _check(expected, true, "registerIndexKey");
            uint32 want = epochOf[patient] == 0 || keyed[patient][epochOf[patient]]
                ? epochOf[patient] + 1
                : epochOf[patient];
            if (e != want) _violation("index key epoch");
            epochOf[patient] = e;
            keyed[patient][e] = true;
            keyMask[patient][e] = mask;
            keyThreshold[patient][e] = t;
        } catch {
            _check(expected, false, "registerIndexKey");
        }
    }

    function authorize(uint256 patientSeed, uint256 requesterSeed) external {
        patientSeed = _mix(patientSeed);
        ++calls;
        _authorize(patients[patientSeed % patients.length], _anySearcher(requesterSeed));
    }

    function _authorize(address patient, address requester) internal {
        bool expected = _active(patient) && !listed[patient][requester];
        vm.prank(patient);
        try index.addRequester(requester) {
            _check(expected, true, "addRequester");
            listed[patient][requester] = true;
        } catch {
            _check(expected, false, "addRequester");
        }
    }

    function deauthorize(uint256 patientSeed, uint256 requesterSeed) external {
        patientSeed = _mix(patientSeed);
        ++calls;
        address patient = patients[patientSeed % patients.length];
        address requester = _anySearcher(requesterSeed);
        bool expected = _active(patient) && listed[patient][requester];
        vm.prank(patient);
        try index.removeRequester(requester) {
            _check(expected, true, "removeRequester");
            listed[patient][requester] = false;
            ++epochOf[patient];
        } catch {
            _check(expected, false, "removeRequester");
        }
    }

    function addEntries(uint256 patientSeed, uint256 keyword, uint256 count) external {
        patientSeed = _mix(patientSeed);
        ++calls;
        _addEntries(patients[patientSeed % patients.length], keyword % KEYWORDS, bound(count, 1, 4));
    }

    function _addEntries(address patient, uint256 keyword, uint256 count) internal {
        uint32 epoch = epochOf[patient];
        uint256 first = entryCount[patient][epoch][keyword];
        bytes32[] memory labels = new bytes32[](count);
        bytes32[] memory values = new bytes32[](count);
        for (uint256 i; i < count; ++i) {
            labels[i] = index.labelAt(_token(keyword, epoch), first + i);
            values[i] = _value(patient, keyword, epoch, first + i);
        }
        bool expected = _active(patient) && keyed[patient][epoch];
        vm.prank(patient);
        try index.addEntries(epoch, labels, values) {
            _check(expected, true, "addEntries");
            entryCount[patient][epoch][keyword] = first + count;
        } catch {
            _check(expected, false, "addEntries");
        }
    }

    /// @dev Mostly a listed requester; the page is compared value by value with the model's.
    function search(
        uint256 patientSeed,
        uint256 requesterSeed,
        uint256 keyword,
        uint256 offset,
        uint256 limit
    ) external {
        patientSeed = _mix(patientSeed);
        ++calls;
        address patient = patients[patientSeed % patients.length];
        address requester = _anySearcher(requesterSeed);
        for (uint256 i; i < 16 && requesterSeed % 8 != 0 && !listed[patient][requester]; ++i) {
            requester = _anySearcher(uint256(keccak256(abi.encode(requesterSeed, i))));
        }
        uint32 epoch = epochOf[patient] == 0 ? 0 : uint32((patientSeed >> 16) % (epochOf[patient] + 1));
        _search(patient, requester, keyword % KEYWORDS, epoch, bound(offset, 0, 5), bound(limit, 1, 6));
    }

    function _search(
        address patient,
        address requester,
        uint256 keyword,
        uint32 epoch,
        uint256 offset,
        uint256 limit
    ) internal {
        bool allowed =
            listed[patient][requester] && _active(requester) && _mayRequest(requester);
        vm.prank(requester);
        try index.search(patient, _token(keyword, epoch), offset, limit) returns (
            bytes32[] memory values, bool more
        ) {
            _check(allowed, true, "search");
            _comparePage(patient, keyword, epoch, offset, limit, values, more);
            ++searches;
            entriesFound += values.length;
        } catch {
            _check(allowed, false, "search");
        }
    }

    function requestToken(uint256 patientSeed, uint256 requesterSeed) external {
        patientSeed = _mix(patientSeed);
        ++calls;
        address patient = patients[patientSeed % patients.length];
        address requester = _anySearcher(requesterSeed);
        for (uint256 i; i < 16 && requesterSeed % 8 != 0 && !listed[patient][requester]; ++i) {
            requester = _anySearcher(uint256(keccak256(abi.encode(requesterSeed, i))));
        }
        _requestToken(patient, requester);
    }

    function _requestToken(address patient, address requester) internal {
        uint32 epoch = epochOf[patient];
        bool expected = listed[patient][requester] && _active(requester) && _mayRequest(requester)
            && keyed[patient][epoch];
        vm.prank(requester);
        try index.requestToken(
            patient, epoch, abi.encodePacked(bytes1(0x02), keccak256(abi.encode(++_nonce)))
        ) returns (
            uint64 id
        ) {
            _check(expected, true, "requestToken");
            if (id != _tokens.length + 1) _violation("token request id out of sequence");
            _tokens.push(GhostToken(patient, requester, epoch, 0, IThresholdAnswers.AnswerStatus.Open));
            touchedToken = id;
        } catch {
            _check(expected, false, "requestToken");
        }
    }

    function commitToken(uint256 tokenSeed, uint256 memberSeed) external {
        tokenSeed = _mix(tokenSeed);
        ++calls;
        if (_tokens.length == 0) return;
        uint64 id = uint64(tokenSeed % _tokens.length + 1);
        for (uint256 i; i < _tokens.length && tokenSeed % 8 != 0; ++i) {
            uint64 j = uint64((tokenSeed % _tokens.length + i) % _tokens.length + 1);
            if (_tokens[j - 1].status == IThresholdAnswers.AnswerStatus.Open) {
                id = j;
                break;
            }
        }
        GhostToken storage k = _tokens[id - 1];
        (uint16 mask,) = _keyTerms(k.patient, k.epoch);
        _commitToken(id, _pickMember(mask & ~k.commits, memberSeed));
    }

    // ================================================================= time

    function warp(uint256 secondsAhead) external {
        vm.warp(block.timestamp + bound(secondsAhead, 1, 12 hours));
    }

    /// @dev Moves to within two seconds past a granted window's start or end, where off-by-ones show.
    function warpToEdge(uint256 requestSeed, uint256 which) external {
        if (_requests.length == 0) return;
        GhostRequest storage q =
            _requests[_pickRequest(_mix(requestSeed), IAccessLedger.RequestStatus.Granted) - 1];
        if (q.status != IAccessLedger.RequestStatus.Granted) return;
        uint256 target = (which % 2 == 0 ? q.grant.notBefore : q.grant.notAfter) + (which >> 1) % 3;
        if (target > block.timestamp) vm.warp(target);
    }

    // ============================================================ bootstrap

    /// @notice The starting state (called from setUp, not by the fuzzer): a record with an open
    /// access already committed to by one member, a live grant with uses left, and patient 0's
    /// index with a key, a listed requester, entries for every keyword and a token request, so
    /// short runs start in the middle of every pipeline.
    function bootstrap() external {
        _createRecord(patients[0], providers[0]);
        _request(requesters[0], 0);
        // Starting now, three days, three uses, members 1 to 3, t = 2.
        _grant(1, (uint256(2) << 24) | (uint256(2) << 32) | (uint256(1) << 40) | (uint256(2 days) << 16));
        _getAccess(1);
        _commit(1, 1, proxies[0], 1);
        _registerKey(patients[0], 0x10); // t = 2 of members 1 and 2
        _authorize(patients[0], requesters[0]);
        for (uint256 w; w < KEYWORDS; ++w) {
            _addEntries(patients[0], w, 2);
        }
        _requestToken(patients[0], requesters[0]);
    }

    // ============================================================== advance

    uint256 public advances;
    /// @notice Which step the access pipeline took, packed 4 bits each (for the coverage message):
    /// reveal, commit, get-access, grant, request, create, repair, decline.
    uint256 public accessSteps;

    function _took(uint256 kind) internal {
        uint256 shift = kind * 8;
        if ((accessSteps >> shift) & 0xff < 0xff) accessSteps += uint256(1) << shift;
    }

    /// @notice One step of one pipeline, in turn: a whole access round, a revocation race, one step
    /// of the access pipeline followed by a fault report, the keyword index. Repairs what it needs
    /// (reinstates a member or a party) rather than stall.
    function advance(uint256 seed) external {
        seed = _mix(seed);
        uint256 step = advances++ % 4;
        if (step == 0) {
            _advanceRound(seed);
        } else if (step == 1) {
            _advanceRace(seed);
        } else if (step == 2) {
            _advanceAccess(seed, false);
            _advanceReport();
        } else {
            _advanceIndex(seed);
        }
    }

    /// @dev Access-pipeline steps until one more access is fulfilled (at most twelve), then every
    /// committed member of the newest fulfilled access reveals.
    function _advanceRound(uint256 seed) internal {
        uint256 before = fulfilments;
        for (uint256 i; i < 12 && fulfilments == before; ++i) {
            _advanceAccess(uint256(keccak256(abi.encode(seed, i))), false);
        }
        // Every other round, the first member to reveal does so with a faulty proof, so every run
        // has faults to report whatever accesses the random actions opened.
        bool faulty = _rounds++ % 2 == 0;
        for (uint256 i = _accesses.length; i > 0; --i) {
            GhostAccess storage a = _accesses[i - 1];
            if (a.raceTarget || a.status != IThresholdAnswers.AnswerStatus.Fulfilled) continue;
            for (uint8 m = 1; m <= MEMBERS; ++m) {
                uint16 bit = uint16(1) << (m - 1);
                if (a.commits & bit == 0 || a.reveals & bit != 0) continue;
                if (!_active(proxies[m - 1])) _setStatus(proxies[m - 1], false);
                if (faulty) {
                    _makeAnswer(uint64(i), m, false);
                    faulty = false;
                }
                _reveal(uint64(i), m);
            }
            return;
        }
    }

    mapping(uint64 accessId => uint16) internal _reported;
    uint256 internal _rounds;

    uint256 internal _reportTurns;

    /// @dev A fault report of the newest revealed answer nobody reported yet, in turn one whose
    /// proof fails (recorded) and one whose proof holds (refused with FragmentValid), either
    /// when there is none of the kind wanted.
    function _advanceReport() internal {
        bool wantValid = _reportTurns++ % 2 == 1;
        uint64 fallbackId;
        uint8 fallbackMember;
        for (uint256 i = _accesses.length; i > 0; --i) {
            GhostAccess storage a = _accesses[i - 1];
            uint16 open = a.reveals & ~(a.faults | _reported[uint64(i)]);
            if (open == 0) continue;
            uint8 m = _pickMember(open, 1);
            if (fallbackId == 0) (fallbackId, fallbackMember) = (uint64(i), m);
            if (_answers[uint256(i) << 8 | m].valid != wantValid) continue;
            _reported[uint64(i)] |= uint16(1) << (m - 1);
            return _report(uint64(i), m);
        }
        if (fallbackId == 0) return;
        _reported[fallbackId] |= uint16(1) << (fallbackMember - 1);
        _report(fallbackId, fallbackMember);
    }

    /// @dev The next step of the newest unfinished access round: reveal, commit, get-access, grant,
    /// request or create a record. With `forRace`, stops after opening a fresh access and marks it.
    function _advanceAccess(uint256 seed, bool forRace) internal {
        if (!forRace) {
            for (uint256 i = _accesses.length; i > 0; --i) {
                GhostAccess storage a = _accesses[i - 1];
                if (a.raceTarget) continue;
                if (a.status == IThresholdAnswers.AnswerStatus.Fulfilled && a.reveals != a.commits) {
                    uint8 rm = _pickMember(a.commits & ~a.reveals, seed | 1);
                    if (!_active(proxies[rm - 1])) return _repair(proxies[rm - 1]);
                    _took(0);
                    return _reveal(uint64(i), rm);
                }
                if (a.status != IThresholdAnswers.AnswerStatus.Open || !_live(_requests[a.requestId - 1])) {
                    continue;
                }
                uint16 free = a.mask & ~(a.commits | a.declines);
                if (_popcount(free) + _popcount(a.commits) < a.t) continue;
                uint8 m = _pickMember(free, seed | 1);
                if (!_active(proxies[m - 1])) return _repair(proxies[m - 1]);
                // Every third access, a member with a spare declines before anyone commits.
                if (i % 3 == 0 && a.commits == 0 && a.declines == 0 && _popcount(free) > a.t) {
                    _took(7);
                    return _decline(uint64(i), m, uint8(1 + seed % 10));
                }
                _took(1);
                return _commit(uint64(i), m, proxies[m - 1], a.requestId);
            }
        }
        for (uint256 i = _requests.length; i > 0 && !forRace; --i) {
            GhostRequest storage q = _requests[i - 1];
            if (q.race) continue;
            if (q.status != IAccessLedger.RequestStatus.Granted || q.usesLeft == 0 || !_live(q)) continue;
            if (block.timestamp > q.grant.notAfter) continue;
            if (block.timestamp < q.grant.notBefore) vm.warp(q.grant.notBefore);
            _took(2);
            _getAccess(uint64(i));
            return;
        }
        for (uint256 i = _requests.length; i > 0; --i) {
            GhostRequest storage q = _requests[i - 1];
            if (q.race != forRace) continue;
            if (q.status != IAccessLedger.RequestStatus.Requested || _records[q.record].deleted) continue;
            address patient = _records[q.record].patient;
            if (!_active(patient)) return _repair(patient);
            _took(3);
            // Starting now, members 1 to 3 (so one decline does not reject it), t = 2 (bit 44 clear),
            // up to three uses.
            return _grant(
                uint64(i), seed & ~uint256((0xff << 8) | (1 << 44) | (uint256(3) << 32)) | (uint256(2) << 32)
            );
        }
        for (uint256 r = _records.length; r > 0; --r) {
            if (_records[r - 1].deleted) continue;
            address requester = requesters[seed % requesters.length];
            if (statusOf[requester] == IRegistry.Status.Suspended) return _repair(requester);
            if (statusOf[requester] != IRegistry.Status.Active) continue;
            _took(4);
            uint256 before = _requests.length;
            _request(requester, r - 1);
            if (_requests.length > before) _requests[before].race = forRace;
            return;
        }
        address patient = patients[seed % patients.length];
        address provider = providers[(seed >> 8) % providers.length];
        if (!_active(patient)) return _repair(patient);
        if (!_active(provider)) return _repair(provider);
        _took(5);
        _createRecord(patient, provider);
    }

    /// @dev A whole race in one step: a request on a live record, a 2-of-3 grant, get-access, one
    /// member commits, the grant dies (revoked by either party, key rotated, record updated, or
    /// requester suspended), another member commits. The death must win: the access is rejected
    /// and the second commit records nothing. Parties it needs are reinstated first.
    function _advanceRace(uint256 seed) internal {
        uint256 r = type(uint256).max;
        for (uint256 i = _records.length; i > 0; --i) {
            if (!_records[i - 1].deleted) {
                r = i - 1;
                break;
            }
        }
        if (r == type(uint256).max) return _createRecord(patients[0], providers[0]);
        address patient = _records[r].patient;
        address requester = _raceRequester(seed);
        uint8 first = uint8(1 + (seed >> 8) % MEMBERS);
        uint8 second = first % MEMBERS + 1;
        address[5] memory needed = [patient, requester, proxies[first - 1], proxies[second - 1], providers[0]];
        for (uint256 i; i < needed.length; ++i) {
            if (statusOf[needed[i]] == IRegistry.Status.Removed) return;
            if (!_active(needed[i])) _setStatus(needed[i], false);
        }
        uint256 before = _requests.length;
        _request(requester, r);
        if (_requests.length == before) return;
        uint64 requestId = uint64(before + 1);
        GhostRequest storage q = _requests[before];
        q.race = true;
        _grant(requestId, (uint256(2) << 32) | (uint256(1 days) << 16));
        uint64 id = _getAccess(requestId);
        if (id == 0) return;
        GhostAccess storage a = _accesses[id - 1];
        a.raceTarget = true;
        _commit(id, first, proxies[first - 1], requestId);
        if (a.status != IThresholdAnswers.AnswerStatus.Open) return;
        _raceKill(id, r, second, seed);
    }

    /// @dev A requester not removed, from a random start; a new one enrolled when every one was
    /// removed. A removed requester would end the race before it started, and a run whose random
    /// removals took most requesters then rarely saw a race at all.
    function _raceRequester(uint256 seed) internal returns (address) {
        uint256 n = requesters.length;
        for (uint256 i; i < n; ++i) {
            address a = requesters[(seed % n + i) % n];
            if (statusOf[a] != IRegistry.Status.Removed) return a;
        }
        _enroll(seed);
        return requesters[requesters.length - 1];
    }

    /// @dev What kills the grant between the two commits: a revocation (by either party), a key
    /// rotation, a new version, or the requester's suspension; then the second commit.
    function _raceKill(uint64 id, uint256 r, uint8 second, uint256 seed) internal {
        GhostAccess storage a = _accesses[id - 1];
        uint64 requestId = a.requestId;
        GhostRequest storage q = _requests[requestId - 1];
        uint16 before = a.commits;
        // In turn, so every run exercises each kind of death.
        uint256 killer = (_raceKills++ + salt) % 5;
        if (killer < 2) {
            _revoke(requestId, killer == 0);
        } else if (killer == 2) {
            _rewrap(r);
        } else if (killer == 3) {
            _update(r, providers[(seed >> 24) % providers.length]);
        } else {
            _setStatus(q.requester, true);
        }
        if (_live(q)) return; // the kill did not land (its own model check says why)
        _commit(id, second, proxies[second - 1], requestId);
        if (a.status == IThresholdAnswers.AnswerStatus.Rejected && a.commits == before) {
            ++races[killer];
            if (killer < 2) ++revocationRaces;
        }
    }

    uint256 public indexSteps;

    /// @dev The first requester not removed, reinstated if suspended; a new one enrolled when
    /// every one was removed, so random removals never stop the index pipeline for good.
    function _indexRequester(uint256 seed) internal returns (address) {
        for (uint256 i; i < requesters.length; ++i) {
            address r = requesters[i];
            if (statusOf[r] == IRegistry.Status.Suspended) _setStatus(r, false);
            if (_active(r)) return r;
        }
        _enroll(seed);
        return requesters[requesters.length - 1];
    }

    /// @dev Patient 0's index, alternately: a search by a listed requester in an epoch that has
    /// entries (compared value by value), and a token request carried to its answer (with a key
    /// for the current epoch registered first when a removal opened a new one).
    function _advanceIndex(uint256 seed) internal {
        address patient = patients[0];
        if (!_active(patient)) _setStatus(patient, false);
        address requester = _indexRequester(seed);
        if (!listed[patient][requester]) _authorize(patient, requester);
        if (!_active(patient) || !_active(requester) || !listed[patient][requester]) return;
        if (indexSteps++ % 2 == 0) {
            uint256 keyword = (seed >> 16) % KEYWORDS;
            // The newest epoch with entries for the keyword (the bootstrap wrote epoch 1's).
            for (uint32 e = epochOf[patient]; e > 0; --e) {
                if (entryCount[patient][e][keyword] != 0) {
                    return _search(patient, requester, keyword, e, 0, 6);
                }
            }
            return _addEntries(patient, keyword, 2);
        }
        uint32 epoch = epochOf[patient];
        if (!keyed[patient][epoch]) _registerKey(patient, 0x10 | (seed & 0x100 == 0 ? 0 : 1));
        if (!keyed[patient][epoch = epochOf[patient]]) return;
        // A token request and every named member's commit in one step, so random removals between
        // steps rarely strand it (commits beyond t are recorded as spares).
        uint256 before = _tokens.length;
        _requestToken(patient, requester);
        if (_tokens.length == before) return;
        GhostToken storage k = _tokens[before];
        (uint16 mask,) = _keyTerms(patient, epoch);
        for (uint8 m = 1; m <= MEMBERS; ++m) {
            if (mask & (uint16(1) << (m - 1)) == 0) continue;
            if (!_active(proxies[m - 1])) _setStatus(proxies[m - 1], false);
            _commitToken(uint64(before + 1), m);
            if (k.status != IThresholdAnswers.AnswerStatus.Open) return;
        }
    }

    // ============================================================ ghost reads

    function recordCount() external view returns (uint256) {
        return _records.length;
    }

    function recordAt(uint256 r) external view returns (GhostRecord memory) {
        return _records[r];
    }

    function headAt(uint256 r, uint32 version) external view returns (bytes32) {
        return _heads[r][version];
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

    function tokenCount() external view returns (uint256) {
        return _tokens.length;
    }

    function tokenAt(uint64 id) external view returns (GhostToken memory) {
        return _tokens[id - 1];
    }

    function requesterCount() external view returns (uint256) {
        return requesters.length;
    }

    function patientCount() external view returns (uint256) {
        return patients.length;
    }

    /// @notice The fragment member `member` committed to for access `id` (empty before it tried).
    function fragmentOf(uint64 id, uint8 member) public view returns (bytes memory) {
        return _answers[uint256(id) << 8 | member].fragment;
    }

    /// @notice The proof member `member` revealed (or will reveal) for access `id`.
    function proofOf(uint64 id, uint8 member) public view returns (bytes memory) {
        return _answers[uint256(id) << 8 | member].proof;
    }

    /// @notice The token share member `member` commits to for token request `id`.
    function tokenFragmentOf(uint64 id, uint8 member) public pure returns (bytes memory) {
        return abi.encodePacked(bytes1(0x02), keccak256(abi.encode("fragment", id, member)));
    }

    /// @dev Member `member`'s answer to access `id`, made once: x_m·E with a DLEQ proof against
    /// the member's commitment x_m·G, in the ledger's context; one answer in four has its
    /// response off by one (and the witness a report needs recomputed for it).
    function _prepare(uint64 id, uint8 member) internal returns (GhostAnswer storage a) {
        a = _answers[uint256(id) << 8 | member];
        if (a.prepared) return a;
        // Every answer to one access in three, so every few fulfilments include faulty answers.
        _makeAnswer(id, member, (uint256(id) + salt) % 3 != 0);
    }

    /// @dev Writes member `member`'s answer to `id`, valid or not. The fragment is x_m·E either
    /// way (it is what the member committed to); only the proof's response differs, so an answer
    /// may be made faulty after its commit and before its reveal.
    function _makeAnswer(uint64 id, uint8 member, bool valid) internal {
        GhostAnswer storage a = _answers[uint256(id) << 8 | member];
        GhostAccess storage g = _accesses[id - 1];
        uint256 x = shareLog(member);
        uint256 h = _requests[g.requestId - 1].capsuleLog;
        Case memory c = prove(
            x,
            h,
            uint256(keccak256(abi.encode("nonce", salt, id, member))),
            ledger.fragmentContext(g.requestId, member)
        );
        if (!valid) {
            c.proof.s = addmod(c.proof.s, 1, SECP256K1_N);
            witnessFor(c, h, mulmod(x, h, SECP256K1_N));
        }
        a.valid = valid;
        a.prepared = true;
        a.fragment = compressed(c.q);
        a.proof = encodeProof(c.proof);
        a.witness = encodeWitness(c.witness);
    }

    /// @notice Member `member`'s share of every grant: the log of its commitment.
    function shareLog(uint8 member) public pure returns (uint256) {
        return toScalar(uint256(keccak256(abi.encode("invariant share", uint256(member - 1)))));
    }

    /// @dev The statement the ledger rebuilds a fault report's (P, H, context) from.
    function _statement(GhostAccess storage g) internal returns (bytes memory) {
        GhostRequest storage q = _requests[g.requestId - 1];
        return abi.encode(_capsule(q.capsuleLog), _commitmentsFor(q.grant.memberMask), q.bundleHash, q.grant);
    }

    // ================================================================ model

    function _commit(uint64 id, uint8 member, address sender, uint64 requestId) internal {
        touchedAccess = id;
        GhostAccess storage a = _accesses[id - 1];
        GhostRequest storage q = _requests[a.requestId - 1];
        Outcome memory o = _predictCommit(id, a, q, member, sender, requestId);
        bool liveNow = _live(q);
        bytes memory fragment = _prepare(id, member).fragment;
        vm.prank(sender);
        try ledger.commit(id, requestId, q.requester, member, keccak256(fragment)) {
            if (!o.ok) return _mismatch("commit succeeded against the model", o.err, "");
            if (!liveNow) {
                // A dead grant rejects the open access and records no commit.
                a.status = IThresholdAnswers.AnswerStatus.Rejected;
                a.rejectedByLiveness = true;
                ++rejections;
                return;
            }
            a.commits |= uint16(1) << (member - 1);
            if (a.status == IThresholdAnswers.AnswerStatus.Open && _popcount(a.commits) >= a.t) {
                a.status = IThresholdAnswers.AnswerStatus.Fulfilled;
                ++fulfilments;
            }
        } catch (bytes memory err) {
            if (o.ok) return _mismatch("commit reverted against the model", "", err);
            if (o.err.length != 0 && keccak256(o.err) != keccak256(err)) {
                return _mismatch("commit reverted with another error", o.err, err);
            }
        }
    }

    /// @dev ThresholdAnswers' order of checks: binding and membership, then the access's state,
    /// then the grant's liveness (which rejects an open access and reverts on a fulfilled one).
    function _predictCommit(
        uint64 id,
        GhostAccess storage a,
        GhostRequest storage q,
        uint8 member,
        address sender,
        uint64 requestId
    ) internal view returns (Outcome memory) {
        if (requestId != a.requestId) {
            return _refused(
                abi.encodeWithSelector(IThresholdAnswers.AccessMismatch.selector, id, requestId, q.requester)
            );
        }
        uint16 bit = uint16(1) << (member - 1);
        if (a.mask & bit == 0) {
            return _refused(abi.encodeWithSelector(IThresholdAnswers.NotNamedMember.selector, id, member));
        }
        if (sender != proxies[member - 1] || !_active(sender)) {
            return _refused(
                abi.encodeWithSelector(
                    IThresholdAnswers.NotCommitteeMember.selector, COMMITTEE, member, sender
                )
            );
        }
        if (a.status == IThresholdAnswers.AnswerStatus.Rejected) {
            return _refused(
                abi.encodeWithSelector(
                    IThresholdAnswers.AccessNotOpen.selector, id, IThresholdAnswers.AnswerStatus.Rejected
                )
            );
        }
        if (a.commits & bit != 0) {
            return _refused(abi.encodeWithSelector(IThresholdAnswers.AlreadyCommitted.selector, id, member));
        }
        if (a.declines & bit != 0) {
            return _refused(abi.encodeWithSelector(IThresholdAnswers.AlreadyDeclined.selector, id, member));
        }
        bytes memory dead = _livenessError(a.requestId, q);
        // A dead grant rejects an open access (the call succeeds); a fulfilled one keeps its receipt
        // and the late commit reverts with the gate's reason.
        if (dead.length != 0 && a.status == IThresholdAnswers.AnswerStatus.Fulfilled) return _refused(dead);
        return Outcome(true, "");
    }

    /// @dev The gate's liveness error for a grant, in AccessLedger's order of checks; empty when live.
    function _livenessError(uint64 requestId, GhostRequest storage q) internal view returns (bytes memory) {
        if (q.status == IAccessLedger.RequestStatus.Revoked) {
            return abi.encodeWithSelector(IAccessLedger.GrantRevoked.selector, requestId);
        }
        GhostRecord storage r = _records[q.record];
        if (r.deleted || r.version != q.version) {
            return abi.encodeWithSelector(
                IAccessLedger.RecordVersionStale.selector, r.id, q.version, r.deleted ? 0 : r.version
            );
        }
        if (r.generation != q.generation) {
            return
                abi.encodeWithSelector(IAccessLedger.KeyRewrapped.selector, r.id, q.generation, r.generation);
        }
        if (!_active(q.requester)) {
            return abi.encodeWithSelector(IAccessLedger.RequesterNotActive.selector, q.requester);
        }
        return "";
    }

    function _reveal(uint64 id, uint8 member) internal {
        touchedAccess = id;
        GhostAccess storage a = _accesses[id - 1];
        uint16 bit = uint16(1) << (member - 1);
        bool expected = a.status == IThresholdAnswers.AnswerStatus.Fulfilled && a.commits & bit != 0
            && a.reveals & bit == 0 && _active(proxies[member - 1]);
        GhostAnswer storage ans = _prepare(id, member);
        vm.prank(proxies[member - 1]);
        try ledger.reveal(id, member, ans.fragment, ans.proof) {
            _check(expected, true, "reveal");
            a.reveals |= bit;
            ++reveals;
        } catch {
            _check(expected, false, "reveal");
        }
    }

    function _decline(uint64 id, uint8 member, uint8 reason) internal {
        touchedAccess = id;
        GhostAccess storage a = _accesses[id - 1];
        GhostRequest storage q = _requests[a.requestId - 1];
        uint16 bit = uint16(1) << (member - 1);
        bool allowed = a.mask & bit != 0 && _active(proxies[member - 1]) && reason != 0 && reason <= 10
            && a.status == IThresholdAnswers.AnswerStatus.Open && (a.commits | a.declines) & bit == 0;
        bool liveNow = _live(q);
        vm.prank(proxies[member - 1]);
        try ledger.decline(id, a.requestId, q.requester, member, reason) {
            _check(allowed, true, "decline");
            if (!liveNow) {
                a.status = IThresholdAnswers.AnswerStatus.Rejected;
                a.rejectedByLiveness = true;
                ++rejections;
                return;
            }
            a.declines |= bit;
            ++declines;
            if (_popcount(a.declines) + a.t > _popcount(a.mask)) {
                a.status = IThresholdAnswers.AnswerStatus.Rejected;
                ++rejections;
            }
        } catch {
            _check(allowed, false, "decline");
        }
    }

    /// @dev ThresholdAnswers' order: the member revealed exactly this, no fault of it yet, then
    /// the proof: an invalid one is recorded, a valid one refused.
    function _report(uint64 id, uint8 member) internal {
        touchedAccess = id;
        GhostAccess storage a = _accesses[id - 1];
        GhostAnswer storage ans = _prepare(id, member);
        uint16 bit = uint16(1) << (member - 1);
        bytes memory want;
        if (a.reveals & bit == 0) {
            want = abi.encodeWithSelector(IThresholdAnswers.NotRevealed.selector, id, member);
        } else if (a.faults & bit != 0) {
            want = abi.encodeWithSelector(IThresholdAnswers.AlreadyFaulted.selector, id, member);
        } else if (ans.valid) {
            want = abi.encodeWithSelector(IThresholdAnswers.FragmentValid.selector, id, member);
        }
        bytes memory statement = _statement(a);
        vm.prank(stranger);
        try ledger.reportFault(id, member, ans.fragment, ans.proof, ans.witness, statement) {
            if (want.length != 0) return _mismatch("reportFault succeeded against the model", want, "");
            a.faults |= bit;
            ++faults;
        } catch (bytes memory err) {
            if (keccak256(err) != keccak256(want)) return _mismatch("reportFault", want, err);
            if (ans.valid) ++validReportsRefused;
        }
    }

    function _revoke(uint64 id, bool byPatient) internal {
        touchedRequest = id;
        GhostRequest storage q = _requests[id - 1];
        address actor = byPatient ? _records[q.record].patient : q.requester;
        IAccessLedger.RequestStatus s = q.status;
        bool expected =
            (statusOf[actor] == IRegistry.Status.Active || statusOf[actor] == IRegistry.Status.Suspended)
                && (s == IAccessLedger.RequestStatus.Requested
                    || s == IAccessLedger.RequestStatus.Granted
                    || s == IAccessLedger.RequestStatus.Expired);
        vm.prank(actor);
        try ledger.revokeAccess(id) {
            _check(expected, true, "revokeAccess");
            q.status = IAccessLedger.RequestStatus.Revoked;
        } catch {
            _check(expected, false, "revokeAccess");
        }
    }

    function _commitToken(uint64 id, uint8 member) internal {
        touchedToken = id;
        GhostToken storage k = _tokens[id - 1];
        (bool ok, bool live) = _predictToken(k, member);
        bytes32 h = keccak256(tokenFragmentOf(id, member));
        address requester = k.requester;
        vm.prank(proxies[member - 1]);
        try index.commit(id, id, requester, member, h) {
            _check(ok, true, "token commit");
            _tokenCommitted(k, member, live);
        } catch {
            _check(ok, false, "token commit");
        }
    }

    function _predictToken(GhostToken storage k, uint8 member) internal view returns (bool ok, bool live) {
        (uint16 mask,) = _keyTerms(k.patient, k.epoch);
        uint16 bit = uint16(1) << (member - 1);
        live = listed[k.patient][k.requester] && _active(k.requester);
        ok = mask & bit != 0 && _active(proxies[member - 1])
            && k.status != IThresholdAnswers.AnswerStatus.Rejected && k.commits & bit == 0
            && (live || k.status == IThresholdAnswers.AnswerStatus.Open);
    }

    function _tokenCommitted(GhostToken storage k, uint8 member, bool live) internal {
        if (!live) {
            k.status = IThresholdAnswers.AnswerStatus.Rejected;
            if (!listed[k.patient][k.requester]) ++tokensRefusedAfterRemoval;
            return;
        }
        k.commits |= uint16(1) << (member - 1);
        (, uint8 t) = _keyTerms(k.patient, k.epoch);
        if (k.status == IThresholdAnswers.AnswerStatus.Open && _popcount(k.commits) >= t) {
            k.status = IThresholdAnswers.AnswerStatus.Fulfilled;
            ++tokensAnswered;
        }
    }

    function _keyTerms(address patient, uint32 epoch) internal view returns (uint16 mask, uint8 t) {
        return (keyMask[patient][epoch], keyThreshold[patient][epoch]);
    }

    /// @dev The grant's liveness as commits see it: not revoked, the record on the granted version
    /// and generation, the requester active (roles never change here).
    function _live(GhostRequest storage q) internal view returns (bool) {
        GhostRecord storage r = _records[q.record];
        return (q.status == IAccessLedger.RequestStatus.Granted
                || q.status == IAccessLedger.RequestStatus.Expired) && !r.deleted && r.version == q.version
            && r.generation == q.generation && _active(q.requester);
    }

    function _comparePage(
        address patient,
        uint256 keyword,
        uint32 epoch,
        uint256 offset,
        uint256 limit,
        bytes32[] memory values,
        bool more
    ) internal {
        uint256 total = entryCount[patient][epoch][keyword];
        uint256 expectedCount = offset >= total ? 0 : (total - offset < limit ? total - offset : limit);
        if (values.length != expectedCount || more != (offset + limit < total)) {
            ++searchMismatches;
            return _violation("search page length");
        }
        for (uint256 i; i < values.length; ++i) {
            if (values[i] != _value(patient, keyword, epoch, offset + i)) {
                ++searchMismatches;
                return _violation("search value");
            }
        }
    }

    function _checkHead(
        uint256 r,
        IRecordRegistry.Approval memory approval,
        IRecordRegistry.VersionInput memory input
    ) internal {
        GhostRecord storage g = _records[r];
        bytes32 vh = records.versionHash(g.id, g.patient, g.provider, g.version, input);
        bytes32 ah = _approvalHash(vh, approval);
        bytes32 expected = keccak256(abi.encode(_heads[r][g.version - 1], ah));
        _heads[r][g.version] = expected;
        if (
            records.versionHead(g.id, g.version) != expected
                || records.versionHead(g.id, g.version + 1) != bytes32(0)
        ) {
            ++chainViolations;
        }
    }

    function _approvalHash(bytes32 vh, IRecordRegistry.Approval memory a) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(
                keccak256(
                    "PatientApproval(RecordVersion version,bytes32 capsuleHash,bytes capsuleRef,bytes32 gateHash,bytes gateRef,uint64 committeeId,uint8 flags,bytes32 category)RecordVersion(bytes32 recordId,address patient,address provider,uint32 version,bytes32 contentHash,bytes encryptedLocation,bytes32 policyHash)"
                ),
                vh,
                a.capsuleHash,
                keccak256(a.capsuleRef),
                a.gateHash,
                keccak256(a.gateRef),
                a.committeeId,
                a.flags,
                a.category
            )
        );
    }

    // ============================================================ internals

    function _repair(address a) internal {
        _took(6);
        _setStatus(a, false);
    }

    function _setStatus(address a, bool suspending) internal {
        bool expected =
            suspending ? statusOf[a] == IRegistry.Status.Active : statusOf[a] == IRegistry.Status.Suspended;
        // Only the admin may act on proxies; the registrar on everyone else.
        vm.prank(roleOf[a] == IRegistry.Role.Proxy ? registry.admin() : registrar);
        if (suspending) {
            try registry.suspend(a) {
                _check(expected, true, "suspend");
                statusOf[a] = IRegistry.Status.Suspended;
            } catch {
                _check(expected, false, "suspend");
            }
        } else {
            try registry.reinstate(a) {
                _check(expected, true, "reinstate");
                statusOf[a] = IRegistry.Status.Active;
            } catch {
                _check(expected, false, "reinstate");
            }
        }
    }

    function _grantInput(uint256 shape) internal view returns (IAccessLedger.GrantInput memory g) {
        uint256 dayAgo = block.timestamp > 1 days ? block.timestamp - 1 days : 0;
        // shape bits 8..15 pick the start: zero (what advance passes) starts now.
        uint256 start = (shape >> 8) & 0xff;
        g.notBefore = uint64(start == 0 ? block.timestamp : dayAgo + start * 675);
        g.notAfter = uint64(g.notBefore + 1 hours + ((shape >> 16) % 3 days));
        g.operations = 1;
        g.maxUses = uint16(1 + (shape >> 24) % 3);
        g.committeeId = COMMITTEE;
        g.memberMask = (shape >> 32) % 4 == 0 ? 0x3 : (shape >> 32) % 4 == 1 ? 0x6 : 0x7;
        uint8 members = uint8(_popcount(g.memberMask));
        g.threshold = uint8(1 + (shape >> 40) % members);
        if ((shape >> 44) % 2 == 0 && members >= 2) g.threshold = 2;
        g.bundleHash = keccak256(abi.encode("bundle", shape));
        g.bundleRef = "bafybundle";
    }

    function _terms(uint64 id, IAccessLedger.GrantInput memory g, bytes memory commitments)
        internal
        view
        returns (IAccessLedger.Grant memory t)
    {
        GhostRequest storage q = _requests[id - 1];
        bytes32 recordId = _records[q.record].id;
        t = IAccessLedger.Grant(
            g.notBefore,
            g.notAfter,
            g.operations,
            g.committeeId,
            g.threshold,
            g.memberMask,
            keccak256(
                abi.encode(
                    g.bundleHash,
                    keccak256(commitments),
                    q.requester,
                    recordId,
                    _records[q.record].version,
                    records.capsuleHashOf(recordId),
                    g.committeeId,
                    g.threshold,
                    g.memberMask
                )
            )
        );
    }

    /// @dev The members' share commitments (64-byte x ‖ y points) for `mask`, from the three made
    /// in setUp.
    function _commitmentsFor(uint16 mask) internal view returns (bytes memory c) {
        return _pointsFor(mask, 64);
    }

    function _pointsFor(uint16 mask, uint256 width) internal view returns (bytes memory c) {
        for (uint8 m = 1; m <= MEMBERS; ++m) {
            if (mask & (uint16(1) << (m - 1)) == 0) continue;
            bytes memory xy = new bytes(64);
            for (uint256 i; i < 64; ++i) {
                xy[i] = _commitments[(m - 1) * 64 + i];
            }
            if (width == 64) {
                c = bytes.concat(c, xy);
            } else {
                // Compressed: the parity of y, then x.
                bytes1 prefix = uint8(xy[63]) & 1 == 0 ? bytes1(0x02) : bytes1(0x03);
                bytes memory x = new bytes(32);
                for (uint256 i; i < 32; ++i) {
                    x[i] = xy[i];
                }
                c = bytes.concat(c, prefix, x);
            }
        }
    }

    function _cosign(
        bytes32 id,
        address patient,
        address provider,
        uint32 version,
        IRecordRegistry.VersionInput memory input,
        IRecordRegistry.Approval memory approval
    ) internal view returns (bytes memory ps, bytes memory qs) {
        bytes32 vh = records.versionHash(id, patient, provider, version, input);
        ps = _sign(provider, records.versionDigest(id, patient, provider, version, input));
        qs = _sign(patient, records.approvalDigest(vh, approval));
    }

    function _sign(address signer, bytes32 digest) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(_keyOf[signer], digest);
        return abi.encodePacked(r, s, v);
    }

    function _input(uint256 nonce) internal pure returns (IRecordRegistry.VersionInput memory input) {
        input.contentHash = keccak256(abi.encode("content", nonce));
        input.encryptedLocation = abi.encodePacked("ct*", nonce);
    }

    /// @dev A version's approval with a capsule object whose E is h·G, and h.
    function _approval(uint256 nonce) internal returns (IRecordRegistry.Approval memory a, uint256 h) {
        h = toScalar(uint256(keccak256(abi.encode("capsule", nonce))));
        a.capsuleHash = sha256(_capsule(h));
        a.capsuleRef = abi.encodePacked("capsule", nonce);
    }

    /// @dev crypto/recordkey's capsule object shape (235 bytes, tag 0x02) with E = h·G at its
    /// offset (after the tag, generation, delegating key, ciphertext tag and D); the rest is filler
    /// the ledger never reads.
    function _capsule(uint256 h) internal returns (bytes memory) {
        bytes memory head = new bytes(1 + 4 + 67 + 1 + 33);
        head[0] = 0x02;
        return bytes.concat(head, compressed(mulG(h)), new bytes(235 - head.length - 33));
    }

    function _token(uint256 keyword, uint32 epoch) internal pure returns (bytes32) {
        return keccak256(abi.encode("keyword", keyword, epoch));
    }

    function _value(address patient, uint256 keyword, uint32 epoch, uint256 i)
        internal
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode("value", patient, keyword, epoch, i));
    }

    /// @dev Seven times in eight the first request at or after the seed's position in `preferred`
    /// state (so multi-step flows happen), otherwise any request.
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

    function _pickAccess(uint256 seed, IThresholdAnswers.AnswerStatus preferred)
        internal
        view
        returns (uint64)
    {
        uint256 n = _accesses.length;
        uint256 start = (seed >> 3) % n;
        if (seed % 8 != 0) {
            for (uint256 i; i < n; ++i) {
                uint256 j = (start + i) % n;
                if (_accesses[j].status == preferred) return uint64(j + 1);
            }
        }
        return uint64(start + 1);
    }

    function _pickOpenAccess(uint256 seed) internal view returns (uint64) {
        return _pickAccess(seed, IThresholdAnswers.AnswerStatus.Open);
    }

    /// @dev A member from `preferred` when it has any (seven times in eight), else any of 1 to 3.
    function _pickMember(uint16 preferred, uint256 seed) internal pure returns (uint8) {
        if (preferred != 0 && seed % 8 != 0) {
            uint256 n = _popcount(preferred);
            uint256 k = (seed >> 3) % n;
            for (uint8 m = 1; m <= 16; ++m) {
                if (preferred & (uint16(1) << (m - 1)) == 0) continue;
                if (k == 0) return m;
                --k;
            }
        }
        return uint8(1 + (seed >> 3) % MEMBERS);
    }

    function _refused(bytes memory err) internal pure returns (Outcome memory) {
        return Outcome(false, err);
    }

    function _mismatch(string memory what, bytes memory want, bytes memory got) internal {
        _violation(string.concat(what, ": want ", vm.toString(want), ", got ", vm.toString(got)));
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

    function _know(address a, IRegistry.Role role) internal {
        statusOf[a] = IRegistry.Status.Active;
        roleOf[a] = role;
    }

    function _active(address a) internal view returns (bool) {
        return statusOf[a] == IRegistry.Status.Active;
    }

    function _mayRequest(address a) internal view returns (bool) {
        return roleOf[a] == IRegistry.Role.Requester || roleOf[a] == IRegistry.Role.Provider;
    }

    function _anyParticipant(uint256 seed) internal view returns (address) {
        uint256 n = patients.length + providers.length + requesters.length + proxies.length;
        uint256 i = seed % n;
        if (i < patients.length) return patients[i];
        i -= patients.length;
        if (i < providers.length) return providers[i];
        i -= providers.length;
        if (i < requesters.length) return requesters[i];
        return proxies[i - requesters.length];
    }

    /// @dev Mostly requesters; sometimes a provider (allowed) or a patient (refused).
    function _anyRequester(uint256 seed) internal view returns (address) {
        uint256 pick = seed % 8;
        if (pick == 6) return providers[(seed >> 8) % providers.length];
        if (pick == 7) return patients[(seed >> 8) % patients.length];
        return requesters[(seed >> 8) % requesters.length];
    }

    /// @dev Requesters and providers may search; a proxy and a stranger may not.
    function _anySearcher(uint256 seed) internal view returns (address) {
        uint256 pick = seed % 8;
        if (pick == 5) return providers[(seed >> 8) % providers.length];
        if (pick == 6) return proxies[(seed >> 8) % proxies.length];
        if (pick == 7) return stranger;
        return requesters[(seed >> 8) % requesters.length];
    }

    function _mix(uint256 seed) internal view returns (uint256) {
        return salt == 0 ? seed : uint256(keccak256(abi.encode(seed, salt)));
    }

    function _popcount(uint256 x) internal pure returns (uint256 c) {
        for (; x != 0; x &= x - 1) {
            ++c;
        }
    }
}
