// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {AttributeReads} from "../../src/AttributeReads.sol";
import {AttributeRegistry} from "../../src/AttributeRegistry.sol";
import {RecordRegistry} from "../../src/RecordRegistry.sol";
import {Registry} from "../../src/Registry.sol";
import {IAttributeReads} from "../../src/interfaces/IAttributeReads.sol";
import {IAttributeRegistry} from "../../src/interfaces/IAttributeRegistry.sol";
import {IRecordRegistry} from "../../src/interfaces/IRecordRegistry.sol";
import {IRegistry} from "../../src/interfaces/IRegistry.sol";
import {IThresholdAnswers} from "../../src/interfaces/IThresholdAnswers.sol";
import {DleqProver} from "../lib/DleqProver.sol";

/// @title ReadsHandler
/// @notice Drives random sequences through AttributeReads and what its gate depends on: read
/// requests by requesters, a provider and a stranger, with the record's policy program or
/// another; attributes assigned and revoked by their authority; requesters suspended and
/// reinstated; records updated to new versions, their policy changed, deleted; the committee's
/// commits, reveals, declines and fault reports (real blinded points, real DLEQ shares, one read in
/// three answered with invalid proofs). It keeps a model of what each call should do and counts
/// every disagreement; the invariants require none.
/// @dev Never reverts: each call runs under try/catch and is compared with the model's predicted
/// outcome (success, or the exact revert data). `advance` carries one read from request to
/// reveals and a fault report within the call, so every run reaches answered reads.
contract ReadsHandler is DleqProver {
    struct Contracts {
        AttributeReads reads;
        RecordRegistry records;
        AttributeRegistry attributes;
        Registry registry;
    }

    struct Keys {
        uint256 patient;
        uint256 provider;
    }

    struct GhostRecord {
        bytes32 id;
        uint32 version;
        /// Which of `programs` is the record's policy now.
        uint8 policy;
        bool deleted;
    }

    struct GhostWho {
        IRegistry.Role role;
        bool active;
        /// Bit 0: holds attribute 0 (doctor); bit 1: holds attribute 1 (cardiology).
        uint8 held;
        uint64 revision;
    }

    struct GhostRead {
        address requester;
        uint256 record;
        uint32 version;
        uint8 policy;
        uint64 revision;
        uint256 blindedLog;
        IThresholdAnswers.AnswerStatus status;
        uint16 commits;
        uint16 reveals;
        uint16 declines;
        uint16 faults;
        bool rejectedByLiveness;
    }

    struct GhostAnswer {
        bool prepared;
        bool valid;
        bytes fragment;
        bytes proof;
        bytes witness;
    }

    uint8 internal constant MEMBERS = 3;
    uint8 internal constant THRESHOLD = 2;
    uint256 internal constant MAX_VERSIONS = 8;

    AttributeReads public immutable reads;
    RecordRegistry public immutable records;
    AttributeRegistry public immutable attributes;
    Registry public immutable registry;
    address public immutable registrar;
    address public immutable authority;
    address public immutable patient;
    address public immutable provider;
    uint64 public immutable committee;
    uint256 public immutable salt;
    uint256 internal immutable _patientKey;
    uint256 internal immutable _providerKey;

    /// @notice Who may try to read: requesters, a provider and a stranger.
    address[] public readers;
    /// @notice proxies[i] is member i + 1; the last one is outside the committee.
    address[] public proxies;
    bytes32[2] public attributeIds;
    /// @notice Policy programs: 0 = both attributes, 1 = either.
    bytes[2] internal _programs;
    bytes internal _publicShares;

    GhostRecord[] internal _records;
    GhostRead[] internal _reads; // read id i + 1 is at index i
    mapping(address => GhostWho) public who;
    mapping(uint256 slot => GhostAnswer) internal _answers;
    mapping(uint64 readId => uint16) internal _reported;
    uint256 internal _nonce;
    uint256 internal _reportTurns;
    uint256 internal _advances;

    // Disagreements; must stay zero.
    uint256 public mismatches;
    string public firstMismatch;

    // Coverage.
    uint256 public calls;
    uint256 public requested;
    uint256 public refusedRequests;
    uint256 public answered;
    uint256 public rejectedByLiveness;
    uint256 public rejectedByDeclines;
    uint256 public revealed;
    uint256 public declines;
    uint256 public faults;
    uint256 public validReportsRefused;
    uint256 public revocationsStoppingReads;
    uint64 public touchedRead;

    constructor(
        Contracts memory c,
        address registrar_,
        address authority_,
        Keys memory keys,
        address[] memory readers_,
        address[] memory proxies_,
        uint64 committee_,
        bytes32[2] memory attributeIds_,
        bytes[2] memory programs_,
        bytes memory publicShares_,
        uint256 salt_
    ) {
        reads = c.reads;
        records = c.records;
        attributes = c.attributes;
        registry = c.registry;
        registrar = registrar_;
        authority = authority_;
        _patientKey = keys.patient;
        _providerKey = keys.provider;
        patient = vm.addr(keys.patient);
        provider = vm.addr(keys.provider);
        committee = committee_;
        salt = salt_;
        attributeIds = attributeIds_;
        _programs = programs_;
        _publicShares = publicShares_;
        for (uint256 i; i < readers_.length; ++i) {
            readers.push(readers_[i]);
            (IRegistry.Role role, IRegistry.Status status) = c.registry.roleOf(readers_[i]);
            who[readers_[i]] = GhostWho(role, status == IRegistry.Status.Active, 0, 0);
        }
        for (uint256 i; i < proxies_.length; ++i) {
            proxies.push(proxies_[i]);
        }
    }

    /// @notice Two gated records (policy "both" and "either") and the first requester holding
    /// both attributes (called from setUp).
    function bootstrap() external {
        _createRecord(0);
        _createRecord(1);
        _assign(readers[0], 0);
        _assign(readers[0], 1);
    }

    // ================================================================ actions

    function requestRead(uint256 seed) external {
        seed = _mix(seed);
        ++calls;
        _requestRead(readers[seed % readers.length], (seed >> 8) % _records.length, (seed >> 16) % 8 == 0);
    }

    function assign(uint256 seed) external {
        seed = _mix(seed);
        ++calls;
        _assign(readers[seed % readers.length], uint8((seed >> 8) % 2));
    }

    function revoke(uint256 seed) external {
        seed = _mix(seed);
        ++calls;
        _revoke(readers[seed % readers.length], uint8((seed >> 8) % 2));
    }

    function toggleSuspension(uint256 seed) external {
        seed = _mix(seed);
        ++calls;
        _toggle(readers[seed % readers.length]);
    }

    function updateRecord(uint256 seed) external {
        seed = _mix(seed);
        ++calls;
        _update(seed % _records.length);
    }

    function changePolicy(uint256 seed) external {
        seed = _mix(seed);
        ++calls;
        _changePolicy(seed % _records.length);
    }

    /// @dev One call in eight: deletion is final.
    function deleteRecord(uint256 seed) external {
        seed = _mix(seed);
        ++calls;
        if (seed % 8 != 0) return;
        uint256 r = (seed >> 3) % _records.length;
        GhostRecord storage g = _records[r];
        vm.prank(patient);
        try records.deleteRecord(g.id) {
            _check(!g.deleted, "deleteRecord");
            g.deleted = true;
        } catch {
            _check(g.deleted, "deleteRecord refused");
        }
    }

    /// @dev Mostly a member that has not answered; sometimes the proxy outside the committee, a
    /// wrong read id or a wrong requester.
    function commit(uint256 seed) external {
        seed = _mix(seed);
        ++calls;
        if (_reads.length == 0) return;
        uint64 id = _pick(seed, IThresholdAnswers.AnswerStatus.Open);
        GhostRead storage g = _reads[id - 1];
        uint8 m = _member(~(g.commits | g.declines), seed >> 16);
        address sender = proxies[m - 1];
        uint64 requestId = id;
        address requester = g.requester;
        uint256 kind = (seed >> 32) % 8;
        if (kind == 0) sender = proxies[MEMBERS];
        else if (kind == 1) requestId = id + 1;
        else if (kind == 2) requester = readers[(seed >> 40) % readers.length];
        _commit(id, m, sender, requestId, requester);
    }

    function reveal(uint256 seed) external {
        seed = _mix(seed);
        ++calls;
        if (_reads.length == 0) return;
        uint64 id = _pick(seed, IThresholdAnswers.AnswerStatus.Fulfilled);
        GhostRead storage g = _reads[id - 1];
        _reveal(id, _member(g.commits & ~g.reveals, seed >> 16));
    }

    function decline(uint256 seed, uint8 reason) external {
        seed = _mix(seed);
        ++calls;
        if (_reads.length == 0) return;
        uint64 id = _pick(seed, IThresholdAnswers.AnswerStatus.Open);
        GhostRead storage g = _reads[id - 1];
        _decline(id, _member(~(g.commits | g.declines), seed >> 16), uint8(bound(reason, 0, 11)));
    }

    function reportFault(uint256 seed) external {
        seed = _mix(seed);
        ++calls;
        if (_reads.length == 0) return;
        uint64 id = _pick(seed, IThresholdAnswers.AnswerStatus.Fulfilled);
        GhostRead storage g = _reads[id - 1];
        _report(id, _member(g.reveals & ~g.faults, seed >> 16));
    }

    /// @notice One whole read: a requester made able to read (reinstated, given the attributes),
    /// a live record, the request, commits up to the threshold (a spare member declining first
    /// every third time), every commit revealed, and a fault report.
    function advance(uint256 seed) external {
        seed = _mix(seed);
        uint256 r = type(uint256).max;
        for (uint256 i; i < _records.length; ++i) {
            uint256 j = (seed % _records.length + i) % _records.length;
            if (!_records[j].deleted) {
                r = j;
                break;
            }
        }
        if (r == type(uint256).max) r = _createRecord(uint8(seed % 2));
        if (r == type(uint256).max) return;
        address reader = readers[(seed >> 8) % 3]; // the requesters and the provider
        if (!who[reader].active) _toggle(reader);
        for (uint8 a; a < 2; ++a) {
            if (who[reader].held & (uint8(1) << a) == 0) _assign(reader, a);
        }
        // In turn a request the gate must refuse first: the stranger's, or another policy's program.
        if (_advances % 4 == 0) _requestRead(readers[readers.length - 1], r, false);
        else if (_advances % 4 == 2) _requestRead(reader, r, true);
        uint256 before = _reads.length;
        _requestRead(reader, r, false);
        if (_reads.length == before) return;
        uint64 id = uint64(before + 1);
        GhostRead storage g = _reads[id - 1];
        if (id % 3 == 0) _decline(id, uint8(1 + (seed >> 16) % MEMBERS), uint8(1 + seed % 10));
        // Every fifth read races a revocation: one member commits, the authority revokes one of
        // the requester's attributes, and the next commit must reject the read.
        bool race = _advances++ % 5 == 3;
        for (uint8 m = 1; m <= MEMBERS && g.status == IThresholdAnswers.AnswerStatus.Open; ++m) {
            if ((g.commits | g.declines) & (uint16(1) << (m - 1)) != 0) continue;
            _commit(id, m, proxies[m - 1], id, g.requester);
            if (race && g.commits != 0) {
                _revoke(reader, uint8(seed % 2));
                race = false;
            }
        }
        for (uint8 m = 1; m <= MEMBERS; ++m) {
            if (g.commits & (uint16(1) << (m - 1)) != 0) _reveal(id, m);
        }
        _advanceReport();
    }

    // ================================================================= model

    function _requestRead(address reader, uint256 r, bool otherProgram) internal {
        GhostRecord storage rec = _records[r];
        bytes memory program = _programs[otherProgram ? 1 - rec.policy : rec.policy];
        uint256 h = toScalar(uint256(keccak256(abi.encode("blinding", salt, ++_nonce))));
        bytes memory blinded = compressed(mulG(h));
        bytes memory want = _predictRequest(reader, rec, program);
        bytes memory key = compressed(mulG(h + 1));
        bytes memory blindingProof =
            abi.encodePacked(keccak256(abi.encode("c", h)), keccak256(abi.encode("s", h)));
        vm.prank(reader);
        try reads.requestRead(rec.id, program, blinded, blindingProof, key) returns (uint64 id) {
            if (want.length != 0) return _mismatch("requestRead succeeded against the model", want, "");
            if (id != _reads.length + 1) return _violation("read id out of sequence");
            _reads.push(
                GhostRead({
                    requester: reader,
                    record: r,
                    version: rec.version,
                    policy: rec.policy,
                    revision: who[reader].revision,
                    blindedLog: h,
                    status: IThresholdAnswers.AnswerStatus.Open,
                    commits: 0,
                    reveals: 0,
                    declines: 0,
                    faults: 0,
                    rejectedByLiveness: false
                })
            );
            touchedRead = id;
            ++requested;
        } catch (bytes memory err) {
            if (keccak256(err) != keccak256(want)) return _mismatch("requestRead", want, err);
            ++refusedRequests;
        }
    }

    /// @dev AttributeReads' order: the requester, the record, the program, the policy.
    function _predictRequest(address reader, GhostRecord storage rec, bytes memory program)
        internal
        view
        returns (bytes memory)
    {
        GhostWho storage w = who[reader];
        if (!w.active || (w.role != IRegistry.Role.Requester && w.role != IRegistry.Role.Provider)) {
            return abi.encodeWithSelector(IAttributeReads.RequesterNotActive.selector, reader);
        }
        if (rec.deleted) return abi.encodeWithSelector(IAttributeReads.RecordNotActive.selector, rec.id);
        bytes32 policyHash = keccak256(_programs[rec.policy]);
        if (keccak256(program) != policyHash) {
            return abi.encodeWithSelector(
                IAttributeReads.ProgramMismatch.selector, rec.id, policyHash, keccak256(program)
            );
        }
        bool ok = rec.policy == 0 ? w.held == 3 : w.held != 0;
        if (!ok) return abi.encodeWithSelector(IAttributeReads.PolicyNotSatisfied.selector, reader, rec.id);
        return "";
    }

    /// @dev The gate's liveness for a read, in AttributeReads' order; empty when live.
    function _liveness(GhostRead storage g) internal view returns (bytes memory) {
        GhostRecord storage rec = _records[g.record];
        if (rec.deleted || rec.version != g.version) {
            return abi.encodeWithSelector(
                IAttributeReads.RecordVersionStale.selector, rec.id, g.version, rec.deleted ? 0 : rec.version
            );
        }
        if (rec.policy != g.policy) {
            return abi.encodeWithSelector(IAttributeReads.PolicyChanged.selector, rec.id);
        }
        GhostWho storage w = who[g.requester];
        if (!w.active) {
            return abi.encodeWithSelector(IAttributeReads.RequesterNotActive.selector, g.requester);
        }
        if (w.revision != g.revision) {
            return abi.encodeWithSelector(
                IAttributeReads.AttributesChanged.selector, g.requester, g.revision, w.revision
            );
        }
        return "";
    }

    function _commit(uint64 id, uint8 m, address sender, uint64 requestId, address requester) internal {
        touchedRead = id;
        GhostRead storage g = _reads[id - 1];
        GhostAnswer storage a = _prepare(id, m);
        uint16 bit = uint16(1) << (m - 1);
        bytes memory want;
        bool rejects;
        if (requestId != id || requester != g.requester) {
            want = abi.encodeWithSelector(IThresholdAnswers.AccessMismatch.selector, id, requestId, requester);
        } else if (m > MEMBERS) {
            want = abi.encodeWithSelector(IThresholdAnswers.NotNamedMember.selector, id, m);
        } else if (sender != proxies[m - 1]) {
            want = abi.encodeWithSelector(IThresholdAnswers.NotCommitteeMember.selector, committee, m, sender);
        } else if (g.status == IThresholdAnswers.AnswerStatus.Rejected) {
            want = abi.encodeWithSelector(IThresholdAnswers.AccessNotOpen.selector, id, g.status);
        } else if (g.commits & bit != 0) {
            want = abi.encodeWithSelector(IThresholdAnswers.AlreadyCommitted.selector, id, m);
        } else if (g.declines & bit != 0) {
            want = abi.encodeWithSelector(IThresholdAnswers.AlreadyDeclined.selector, id, m);
        } else {
            bytes memory dead = _liveness(g);
            if (dead.length != 0) {
                if (g.status == IThresholdAnswers.AnswerStatus.Open) rejects = true;
                else want = dead;
            }
        }
        vm.prank(sender);
        try reads.commit(id, requestId, requester, m, keccak256(a.fragment)) {
            if (want.length != 0) return _mismatch("commit succeeded against the model", want, "");
            if (rejects) return _rejectedByLiveness(g);
            g.commits |= bit;
            if (g.status == IThresholdAnswers.AnswerStatus.Open && _popcount(g.commits) >= THRESHOLD) {
                g.status = IThresholdAnswers.AnswerStatus.Fulfilled;
                ++answered;
            }
        } catch (bytes memory err) {
            if (keccak256(err) != keccak256(want)) return _mismatch("commit", want, err);
        }
    }

    function _rejectedByLiveness(GhostRead storage g) internal {
        g.status = IThresholdAnswers.AnswerStatus.Rejected;
        g.rejectedByLiveness = true;
        ++rejectedByLiveness;
        if (who[g.requester].revision != g.revision) ++revocationsStoppingReads;
    }

    function _reveal(uint64 id, uint8 m) internal {
        touchedRead = id;
        GhostRead storage g = _reads[id - 1];
        GhostAnswer storage a = _prepare(id, m);
        uint16 bit = uint16(1) << (m - 1);
        bytes memory want;
        if (m > MEMBERS) {
            want = abi.encodeWithSelector(
                IThresholdAnswers.NotCommitteeMember.selector, committee, m, proxies[m - 1]
            );
        } else if (g.status != IThresholdAnswers.AnswerStatus.Fulfilled) {
            want = abi.encodeWithSelector(IThresholdAnswers.NotFulfilled.selector, id);
        } else if (g.commits & bit == 0) {
            want = abi.encodeWithSelector(IThresholdAnswers.NotCommitted.selector, id, m);
        } else if (g.reveals & bit != 0) {
            want = abi.encodeWithSelector(IThresholdAnswers.AlreadyRevealed.selector, id, m);
        }
        vm.prank(proxies[m - 1]);
        try reads.reveal(id, m, a.fragment, a.proof) {
            if (want.length != 0) return _mismatch("reveal succeeded against the model", want, "");
            g.reveals |= bit;
            ++revealed;
        } catch (bytes memory err) {
            if (keccak256(err) != keccak256(want)) return _mismatch("reveal", want, err);
        }
    }

    function _decline(uint64 id, uint8 m, uint8 reason) internal {
        touchedRead = id;
        GhostRead storage g = _reads[id - 1];
        uint16 bit = uint16(1) << (m - 1);
        bytes memory want;
        bool rejects;
        if (m > MEMBERS) {
            want = abi.encodeWithSelector(IThresholdAnswers.NotNamedMember.selector, id, m);
        } else if (reason == 0 || reason > 10) {
            want = abi.encodeWithSelector(IThresholdAnswers.InvalidReason.selector, reason);
        } else if (g.status != IThresholdAnswers.AnswerStatus.Open) {
            want = abi.encodeWithSelector(IThresholdAnswers.AccessNotOpen.selector, id, g.status);
        } else if (g.commits & bit != 0) {
            want = abi.encodeWithSelector(IThresholdAnswers.AlreadyCommitted.selector, id, m);
        } else if (g.declines & bit != 0) {
            want = abi.encodeWithSelector(IThresholdAnswers.AlreadyDeclined.selector, id, m);
        } else if (_liveness(g).length != 0) {
            rejects = true;
        }
        vm.prank(proxies[m - 1]);
        try reads.decline(id, id, g.requester, m, reason) {
            if (want.length != 0) return _mismatch("decline succeeded against the model", want, "");
            if (rejects) return _rejectedByLiveness(g);
            g.declines |= bit;
            ++declines;
            if (_popcount(g.declines) + THRESHOLD > MEMBERS) {
                g.status = IThresholdAnswers.AnswerStatus.Rejected;
                ++rejectedByDeclines;
            }
        } catch (bytes memory err) {
            if (keccak256(err) != keccak256(want)) return _mismatch("decline", want, err);
        }
    }

    function _report(uint64 id, uint8 m) internal {
        touchedRead = id;
        GhostRead storage g = _reads[id - 1];
        GhostAnswer storage a = _prepare(id, m);
        uint16 bit = uint16(1) << (m - 1);
        bytes memory want;
        if (g.reveals & bit == 0) {
            want = abi.encodeWithSelector(IThresholdAnswers.NotRevealed.selector, id, m);
        } else if (g.faults & bit != 0) {
            want = abi.encodeWithSelector(IThresholdAnswers.AlreadyFaulted.selector, id, m);
        } else if (a.valid) {
            want = abi.encodeWithSelector(IThresholdAnswers.FragmentValid.selector, id, m);
        }
        bytes memory statement = abi.encode(_publicShares, compressed(mulG(g.blindedLog)));
        vm.prank(readers[readers.length - 1]);
        try reads.reportFault(id, m, a.fragment, a.proof, a.witness, statement) {
            if (want.length != 0) return _mismatch("reportFault succeeded against the model", want, "");
            g.faults |= bit;
            ++faults;
        } catch (bytes memory err) {
            if (keccak256(err) != keccak256(want)) return _mismatch("reportFault", want, err);
            if (a.valid && want.length != 0 && g.reveals & bit != 0 && g.faults & bit == 0) {
                ++validReportsRefused;
            }
        }
    }

    /// @dev A report of the newest revealed share nobody reported, in turn an invalid one
    /// (recorded) and a valid one (refused), either kind when the wanted one is missing.
    function _advanceReport() internal {
        bool wantValid = _reportTurns++ % 2 == 1;
        uint64 fallbackId;
        uint8 fallbackMember;
        for (uint256 i = _reads.length; i > 0; --i) {
            GhostRead storage g = _reads[i - 1];
            uint16 open = g.reveals & ~(g.faults | _reported[uint64(i)]);
            if (open == 0) continue;
            uint8 m = _member(open, 1);
            if (fallbackId == 0) (fallbackId, fallbackMember) = (uint64(i), m);
            if (_answers[i << 8 | m].valid != wantValid) continue;
            _reported[uint64(i)] |= uint16(1) << (m - 1);
            return _report(uint64(i), m);
        }
        if (fallbackId == 0) return;
        _reported[fallbackId] |= uint16(1) << (fallbackMember - 1);
        _report(fallbackId, fallbackMember);
    }

    /// @dev Member m's share of read `id`: x_m·C1' with its DLEQ proof against X_m in the read's
    /// context; every share of one read in three has its response off by one.
    function _prepare(uint64 id, uint8 m) internal returns (GhostAnswer storage a) {
        a = _answers[uint256(id) << 8 | m];
        if (a.prepared) return a;
        uint256 h = _reads[id - 1].blindedLog;
        uint256 x = uint256(keccak256(abi.encode("public share", uint256(m - 1))));
        Case memory c =
            prove(x, h, uint256(keccak256(abi.encode("k", salt, id, m))), reads.shareContext(id, m));
        a.valid = (uint256(id) + salt) % 3 != 0;
        if (!a.valid) {
            c.proof.s = addmod(c.proof.s, 1, SECP256K1_N);
            witnessFor(c, h, mulmod(x % SECP256K1_N, h, SECP256K1_N));
        }
        a.prepared = true;
        a.fragment = compressed(c.q);
        a.proof = encodeProof(c.proof);
        a.witness = encodeWitness(c.witness);
    }

    // ======================================================= records, people

    function _createRecord(uint8 policy) internal returns (uint256 r) {
        r = type(uint256).max;
        if (!who[provider].active) _toggle(provider);
        bytes32 recordSalt = keccak256(abi.encode("record", salt, ++_nonce));
        bytes32 id = records.recordIdFor(patient, provider, recordSalt);
        (IRecordRegistry.VersionInput memory input, IRecordRegistry.Approval memory approval) =
            _version(policy);
        (bytes memory ps, bytes memory qs) = _cosign(id, 1, input, approval);
        try records.createRecord(patient, provider, recordSalt, input, approval, ps, qs) {
            _records.push(GhostRecord(id, 1, policy, false));
            r = _records.length - 1;
        } catch (bytes memory err) {
            _mismatch("createRecord", "", err);
        }
    }

    function _update(uint256 r) internal {
        GhostRecord storage g = _records[r];
        if (g.version >= MAX_VERSIONS) return;
        (IRecordRegistry.VersionInput memory input, IRecordRegistry.Approval memory approval) =
            _version(g.policy);
        (bytes memory ps, bytes memory qs) = _cosign(g.id, g.version + 1, input, approval);
        // The record's provider is also one of the readers, so it may be suspended.
        bool ok = !g.deleted && who[provider].active;
        try records.updateRecord(g.id, provider, input, approval, ps, qs) returns (uint32 v) {
            _check(ok, "updateRecord");
            g.version = v;
        } catch (bytes memory err) {
            if (ok) _mismatch("updateRecord refused", "", err);
        }
    }

    function _changePolicy(uint256 r) internal {
        GhostRecord storage g = _records[r];
        uint8 next = 1 - g.policy;
        bytes32 gateHash = sha256(abi.encode("gate", ++_nonce));
        vm.prank(patient);
        try records.changePolicy(g.id, keccak256(_programs[next]), gateHash, committee, "bafygate") {
            _check(!g.deleted, "changePolicy");
            g.policy = next;
        } catch {
            _check(g.deleted, "changePolicy refused");
        }
    }

    function _assign(address holder, uint8 a) internal {
        GhostWho storage w = who[holder];
        bytes32[] memory ids = new bytes32[](1);
        ids[0] = attributeIds[a];
        bytes memory want;
        if (!w.active || (w.role != IRegistry.Role.Requester && w.role != IRegistry.Role.Provider)) {
            want = abi.encodeWithSelector(IAttributeRegistry.HolderNotActive.selector, holder);
        } else if (w.held & (uint8(1) << a) != 0) {
            want = abi.encodeWithSelector(IAttributeRegistry.AlreadyAssigned.selector, holder, ids[0]);
        }
        vm.prank(authority);
        try attributes.assignAttributes(holder, ids) {
            if (want.length != 0) return _mismatch("assign succeeded against the model", want, "");
            w.held |= uint8(1) << a;
        } catch (bytes memory err) {
            if (keccak256(err) != keccak256(want)) _mismatch("assign", want, err);
        }
    }

    function _revoke(address holder, uint8 a) internal {
        GhostWho storage w = who[holder];
        bytes32[] memory ids = new bytes32[](1);
        ids[0] = attributeIds[a];
        bytes memory want;
        if (w.held & (uint8(1) << a) == 0) {
            want = abi.encodeWithSelector(IAttributeRegistry.NotAssigned.selector, holder, ids[0]);
        }
        vm.prank(authority);
        try attributes.revokeAttributes(holder, ids) {
            if (want.length != 0) return _mismatch("revoke succeeded against the model", want, "");
            w.held &= ~(uint8(1) << a);
            ++w.revision;
        } catch (bytes memory err) {
            if (keccak256(err) != keccak256(want)) _mismatch("revoke", want, err);
        }
    }

    function _toggle(address a) internal {
        GhostWho storage w = who[a];
        if (w.role == IRegistry.Role.None) return;
        vm.prank(registrar);
        if (w.active) {
            try registry.suspend(a) {
                w.active = false;
            } catch (bytes memory err) {
                _mismatch("suspend", "", err);
            }
        } else {
            try registry.reinstate(a) {
                w.active = true;
            } catch (bytes memory err) {
                _mismatch("reinstate", "", err);
            }
        }
    }

    function _version(uint8 policy)
        internal
        returns (IRecordRegistry.VersionInput memory input, IRecordRegistry.Approval memory approval)
    {
        uint256 n = ++_nonce;
        input.contentHash = keccak256(abi.encode("content", n));
        input.policyHash = keccak256(_programs[policy]);
        input.encryptedLocation = abi.encodePacked("ct*", n);
        approval.capsuleHash = sha256(abi.encode("capsule", n));
        approval.capsuleRef = abi.encodePacked("capsule", n);
        approval.gateHash = sha256(abi.encode("gate", n));
        approval.gateRef = abi.encodePacked("gate", n);
        approval.committeeId = committee;
    }

    function _cosign(
        bytes32 id,
        uint32 version,
        IRecordRegistry.VersionInput memory input,
        IRecordRegistry.Approval memory approval
    ) internal view returns (bytes memory ps, bytes memory qs) {
        bytes32 vh = records.versionHash(id, patient, provider, version, input);
        ps = _sign(_providerKey, records.versionDigest(id, patient, provider, version, input));
        qs = _sign(_patientKey, records.approvalDigest(vh, approval));
    }

    function _sign(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    // ================================================================ helpers

    /// @dev Seven times in eight a read in `preferred` state at or after the seed's position.
    function _pick(uint256 seed, IThresholdAnswers.AnswerStatus preferred) internal view returns (uint64) {
        uint256 n = _reads.length;
        uint256 start = (seed >> 3) % n;
        if (seed % 8 != 0) {
            for (uint256 i; i < n; ++i) {
                uint256 j = (start + i) % n;
                if (_reads[j].status == preferred) return uint64(j + 1);
            }
        }
        return uint64(start + 1);
    }

    /// @dev A member of `preferred` (1 to 3) seven times in eight, else any of 1 to 4 (4 is outside).
    function _member(uint16 preferred, uint256 seed) internal pure returns (uint8) {
        preferred &= 0x7;
        if (preferred != 0 && seed % 8 != 0) {
            uint256 k = (seed >> 3) % _popcount(preferred);
            for (uint8 m = 1; m <= MEMBERS; ++m) {
                if (preferred & (uint16(1) << (m - 1)) == 0) continue;
                if (k == 0) return m;
                --k;
            }
        }
        return uint8(1 + (seed >> 3) % (MEMBERS + 1));
    }

    function _mix(uint256 seed) internal view returns (uint256) {
        return salt == 0 ? seed : uint256(keccak256(abi.encode(seed, salt)));
    }

    function _popcount(uint256 x) internal pure returns (uint256 c) {
        for (; x != 0; x &= x - 1) {
            ++c;
        }
    }

    function _check(bool ok, string memory what) internal {
        if (!ok) _violation(string.concat(what, " against the model"));
    }

    function _mismatch(string memory what, bytes memory want, bytes memory got) internal {
        _violation(string.concat(what, ": want ", vm.toString(want), ", got ", vm.toString(got)));
    }

    function _violation(string memory what) internal {
        if (mismatches == 0) firstMismatch = what;
        ++mismatches;
    }

    // ============================================================ ghost reads

    function readCount() external view returns (uint256) {
        return _reads.length;
    }

    function readAt(uint64 id) external view returns (GhostRead memory) {
        return _reads[id - 1];
    }

    function recordCount() external view returns (uint256) {
        return _records.length;
    }

    function recordAt(uint256 r) external view returns (GhostRecord memory) {
        return _records[r];
    }

    function answerOf(uint64 id, uint8 m) external view returns (GhostAnswer memory) {
        return _answers[uint256(id) << 8 | m];
    }

    function readerCount() external view returns (uint256) {
        return readers.length;
    }
}
