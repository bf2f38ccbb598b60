// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Registry} from "../../src/Registry.sol";
import {IThresholdAnswers} from "../../src/interfaces/IThresholdAnswers.sol";
import {DleqProver} from "../lib/DleqProver.sol";
import {Vm} from "../lib/Vm.sol";
import {MockGate} from "../mocks/MockGate.sol";

/// @title AnswersHandler
/// @notice Drives random answer rounds through a MockGate: accesses with random thresholds and
/// member masks, commits, batches, reveals, declines, fault reports, dead grants and suspended
/// members, mostly well-formed and some not, and keeps a model (ghost state) of what each call
/// should have done.
/// @dev Never reverts: every gate call runs under try/catch and is compared with the model's
/// prediction (success, or the exact error selector); disagreements are counted in `mismatches`.
/// Every random choice is mixed with `salt`, so a campaign with another salt explores other
/// sequences from the same fuzzer seed. `advance` makes progress on an access (the next commit,
/// reveal or report), so most runs reach fulfilment, rejection, reveal and fault.
contract AnswersHandler is DleqProver {
    struct GhostAccess {
        uint64 requestId;
        address requester;
        uint16 mask;
        uint8 t;
        bool dead;
        bool rejectedByLiveness;
        IThresholdAnswers.AnswerStatus status;
        uint16 commits;
        uint16 reveals;
        uint16 declines;
        uint16 faults;
    }

    struct GhostAnswer {
        bool prepared;
        bool valid;
        bytes fragment;
        bytes proof;
        bytes witness;
        bytes statement;
    }

    /// @dev A predicted outcome: the error selector (zero for success) and, for commits and
    /// declines on a dead grant, that the access is rejected instead.
    struct Outcome {
        bytes4 err;
        bool rejects;
    }

    /// @dev Accesses take turns being ordinary, doomed (grant dead from the start) and faulty
    /// (every answer's proof invalid), so the three outcomes come up early in every run.
    enum Kind {
        Ordinary,
        Doomed,
        Faulty
    }

    uint256 internal constant MEMBERS = 5;
    uint256 internal constant MAX_ACCESSES = 24;

    MockGate public immutable gate;
    Registry public immutable registry;
    address public immutable registrar;
    uint64 public immutable committee;
    uint256 public immutable salt;
    address[] public nodes;
    address[2] public requesters;

    GhostAccess[] internal _accesses; // access id i + 1 is at index i
    mapping(uint256 slot => GhostAnswer) internal _answers;
    mapping(address => bool) public suspended;

    // Coverage: how often each outcome the invariants protect happened.
    uint256 public fulfilments;
    uint256 public rejections;
    uint256 public reveals;
    uint256 public faults;
    uint256 public validReportsRefused;
    uint256 public refusedItems;
    uint256 public calls;

    // Disagreements between the model and the gate; must stay zero.
    uint256 public mismatches;
    string public firstMismatch;
    uint64 public touchedAccess;

    constructor(
        MockGate gate_,
        Registry registry_,
        address registrar_,
        uint64 committee_,
        address[] memory nodes_,
        address[2] memory requesters_,
        uint256 salt_
    ) {
        gate = gate_;
        registry = registry_;
        registrar = registrar_;
        committee = committee_;
        nodes = nodes_;
        requesters = requesters_;
        salt = salt_;
    }

    // =============================================================== actions

    function open(uint256 seed) public {
        seed = _mix(seed);
        ++calls;
        if (_accesses.length >= MAX_ACCESSES) return;
        uint16 mask = uint16(seed % 31 + 1);
        uint8 t = uint8(1 + (seed >> 8) % _popcount(mask));
        uint64 requestId = uint64(1 + (seed >> 16) % 3);
        address requester = requesters[(seed >> 24) % 2];
        uint64 id = gate.open(committee, t, mask, requestId, requester);
        GhostAccess storage g = _accesses.push();
        (g.requestId, g.requester, g.mask, g.t) = (requestId, requester, mask, t);
        _check(id == _accesses.length, "access id");
        if (_kind(id) == Kind.Doomed) {
            gate.kill(id);
            g.dead = true;
        }
        touchedAccess = id;
    }

    /// @notice A commit by a member, mostly the right one with the right binding.
    function commit(uint256 seed) external {
        seed = _mix(seed);
        ++calls;
        uint64 id = _pickAccess(seed);
        if (id == 0) return open(seed);
        uint8 member = _pickMember(id, seed >> 8);
        address sender = (seed >> 16) % 10 == 0 ? _node(uint8((seed >> 20) % MEMBERS + 1)) : _node(member);
        bool wrongBinding = (seed >> 24) % 12 == 0;
        _commit(id, member, sender, wrongBinding);
    }

    /// @notice A batch of one to three commits, some of them refused.
    function commitMany(uint256 seed) external {
        seed = _mix(seed);
        ++calls;
        uint64 first = _pickAccess(seed);
        if (first == 0) return open(seed);
        uint8 member = uint8(seed >> 8) % uint8(MEMBERS) + 1;
        address sender = _node(member);
        uint256 count = 1 + (seed >> 16) % 3;
        IThresholdAnswers.Commit[] memory items = new IThresholdAnswers.Commit[](count);
        bytes4[] memory refusals = new bytes4[](count);
        uint256 refused;
        for (uint256 i; i < count; ++i) {
            uint64 id = i == 0 ? first : _pickAccess(seed >> (32 + 16 * i));
            GhostAccess storage g = _access(id);
            bool wrongBinding = (seed >> (40 + 16 * i)) % 8 == 0;
            GhostAnswer storage a = _prepare(id, member);
            items[i] = IThresholdAnswers.Commit(
                id, wrongBinding ? g.requestId + 7 : g.requestId, g.requester, member, keccak256(a.fragment)
            );
            // Items are applied in order, so predict each against the model as updated so far.
            Outcome memory o = _predictCommit(id, member, sender, wrongBinding, false);
            if (o.err != bytes4(0)) refusals[refused++] = o.err;
            else _applyCommit(id, member, o);
        }
        vm.recordLogs();
        vm.prank(sender);
        try gate.commitMany(items) {
            _checkRefusals(refusals, refused);
        } catch (bytes memory err) {
            _mismatch(string.concat("commitMany reverted ", vm.toString(err)));
        }
        touchedAccess = first;
    }

    /// @notice A reveal, mostly of the member's own committed answer.
    function reveal(uint256 seed) external {
        seed = _mix(seed);
        ++calls;
        uint64 id = _pickAccess(seed);
        if (id == 0) return open(seed);
        uint8 member = _pickMember(id, seed >> 8);
        bool otherFragment = (seed >> 16) % 8 == 0;
        _reveal(id, member, otherFragment);
    }

    /// @notice A batch of reveals by one member.
    function revealMany(uint256 seed) external {
        seed = _mix(seed);
        ++calls;
        uint64 first = _pickAccess(seed);
        if (first == 0) return open(seed);
        uint8 member = uint8(seed >> 8) % uint8(MEMBERS) + 1;
        uint256 count = 1 + (seed >> 16) % 3;
        IThresholdAnswers.Reveal[] memory items = new IThresholdAnswers.Reveal[](count);
        bytes4[] memory refusals = new bytes4[](count);
        uint256 refused;
        for (uint256 i; i < count; ++i) {
            uint64 id = i == 0 ? first : _pickAccess(seed >> (32 + 16 * i));
            GhostAnswer storage a = _prepare(id, member);
            items[i] = IThresholdAnswers.Reveal(id, member, a.fragment, a.proof);
            bytes4 err = _predictReveal(id, member, _node(member), false);
            if (err != bytes4(0)) refusals[refused++] = err;
            else _applyReveal(id, member);
        }
        vm.recordLogs();
        vm.prank(_node(member));
        try gate.revealMany(items) {
            _checkRefusals(refusals, refused);
        } catch (bytes memory err) {
            _mismatch(string.concat("revealMany reverted ", vm.toString(err)));
        }
        touchedAccess = first;
    }

    function decline(uint256 seed) external {
        seed = _mix(seed);
        ++calls;
        uint64 id = _pickAccess(seed);
        if (id == 0) return open(seed);
        uint8 member = _pickMember(id, seed >> 8);
        uint8 reason = (seed >> 16) % 10 == 0 ? 0 : uint8(1 + (seed >> 20) % 10);
        _decline(id, member, reason);
    }

    /// @notice A fault report, by anyone, with the correct witness and statement.
    function reportFault(uint256 seed) external {
        seed = _mix(seed);
        ++calls;
        uint64 id = _pickAccess(seed);
        if (id == 0) return open(seed);
        _report(id, _pickMember(id, seed >> 8));
    }

    /// @notice The grant behind an ordinary access dies, or comes back. (Doomed accesses stay
    /// dead, faulty ones alive, so that every run reaches rejection and fault reports.)
    function toggleGrant(uint256 seed) external {
        seed = _mix(seed);
        ++calls;
        uint64 id = _pickAccess(seed);
        if (id == 0) return open(seed);
        if (_kind(id) != Kind.Ordinary) return;
        GhostAccess storage g = _access(id);
        if (g.dead) gate.revive(id);
        else gate.kill(id);
        g.dead = !g.dead;
        touchedAccess = id;
    }

    /// @notice A member is suspended, or reinstated.
    function toggleMember(uint256 seed) external {
        seed = _mix(seed);
        ++calls;
        _toggleSuspension(_node(uint8(seed % MEMBERS + 1)));
    }

    /// @notice The next sensible step on some access: a commit or a decline while it is open;
    /// once fulfilled, a reveal, then a report of an invalid proof, then a spare commit.
    function advance(uint256 seed) external {
        seed = _mix(seed);
        ++calls;
        uint64 id = _unsettled();
        if (id == 0) return open(seed);
        GhostAccess storage g = _access(id);
        if (g.status == IThresholdAnswers.AnswerStatus.Open) {
            uint8 m = _firstMember(g.mask & ~(g.commits | g.declines), seed >> 12);
            if (suspended[_node(m)]) return _toggleSuspension(_node(m));
            // A doomed access's grant died when it was opened: its first answer, commit or
            // decline, rejects it. The ordinary ones get the odd decline on their way.
            if (
                _kind(id) == Kind.Ordinary && (seed >> 8) % 8 == 0 || _kind(id) == Kind.Doomed
                    && (seed >> 8) % 2 == 0
            ) {
                _decline(id, m, uint8(1 + (seed >> 16) % 10));
            } else {
                _commit(id, m, _node(m), false);
            }
            return;
        }
        uint8 r = _firstMember(g.commits & ~g.reveals, seed >> 12);
        if (r != 0) {
            if (suspended[_node(r)]) return _toggleSuspension(_node(r));
            return _reveal(id, r, false);
        }
        uint8 f = _firstInvalid(id, g.reveals & ~g.faults);
        if (f != 0) _report(id, f);
    }

    // ================================================================= model

    function _commit(uint64 id, uint8 member, address sender, bool wrongBinding) internal {
        GhostAccess storage g = _access(id);
        GhostAnswer storage a = _prepare(id, member);
        Outcome memory o = _predictCommit(id, member, sender, wrongBinding, false);
        vm.prank(sender);
        try gate.commit(
            id, wrongBinding ? g.requestId + 7 : g.requestId, g.requester, member, keccak256(a.fragment)
        ) {
            if (o.err != bytes4(0)) _mismatch("commit succeeded, model refused");
            else _applyCommit(id, member, o);
        } catch (bytes memory err) {
            _expectError(err, o.err, "commit");
        }
        touchedAccess = id;
    }

    function _predictCommit(uint64 id, uint8 member, address sender, bool wrongBinding, bool)
        internal
        view
        returns (Outcome memory o)
    {
        GhostAccess storage g = _access(id);
        uint16 bit = uint16(1) << (member - 1);
        if (wrongBinding) {
            o.err = IThresholdAnswers.AccessMismatch.selector;
        } else if (g.mask & bit == 0) {
            o.err = IThresholdAnswers.NotNamedMember.selector;
        } else if (sender != _node(member) || suspended[sender]) {
            o.err = IThresholdAnswers.NotCommitteeMember.selector;
        } else if (g.status == IThresholdAnswers.AnswerStatus.Rejected) {
            o.err = IThresholdAnswers.AccessNotOpen.selector;
        } else if (g.commits & bit != 0) {
            o.err = IThresholdAnswers.AlreadyCommitted.selector;
        } else if (g.declines & bit != 0) {
            o.err = IThresholdAnswers.AlreadyDeclined.selector;
        } else if (g.dead && g.status != IThresholdAnswers.AnswerStatus.Open) {
            o.err = MockGate.GrantDead.selector;
        } else if (g.dead) {
            o.rejects = true;
        }
    }

    function _applyCommit(uint64 id, uint8 member, Outcome memory o) internal {
        GhostAccess storage g = _access(id);
        if (o.rejects) {
            g.status = IThresholdAnswers.AnswerStatus.Rejected;
            g.rejectedByLiveness = true;
            ++rejections;
            return;
        }
        g.commits |= uint16(1) << (member - 1);
        if (g.status == IThresholdAnswers.AnswerStatus.Open && _popcount(g.commits) >= g.t) {
            g.status = IThresholdAnswers.AnswerStatus.Fulfilled;
            ++fulfilments;
        }
    }

    function _reveal(uint64 id, uint8 member, bool otherFragment) internal {
        GhostAnswer storage a = _prepare(id, member);
        bytes memory fragment = a.fragment;
        if (otherFragment) fragment = _prepare(id, member % uint8(MEMBERS) + 1).fragment;
        bytes4 err = _predictReveal(id, member, _node(member), otherFragment);
        vm.prank(_node(member));
        try gate.reveal(id, member, fragment, a.proof) {
            if (err != bytes4(0)) _mismatch("reveal succeeded, model refused");
            else _applyReveal(id, member);
        } catch (bytes memory e) {
            _expectError(e, err, "reveal");
        }
        touchedAccess = id;
    }

    function _predictReveal(uint64 id, uint8 member, address sender, bool otherFragment)
        internal
        view
        returns (bytes4)
    {
        GhostAccess storage g = _access(id);
        uint16 bit = uint16(1) << (member - 1);
        if (suspended[sender]) return IThresholdAnswers.NotCommitteeMember.selector;
        if (g.status != IThresholdAnswers.AnswerStatus.Fulfilled) {
            return IThresholdAnswers.NotFulfilled.selector;
        }
        if (g.commits & bit == 0) return IThresholdAnswers.NotCommitted.selector;
        if (g.reveals & bit != 0) return IThresholdAnswers.AlreadyRevealed.selector;
        if (otherFragment) return IThresholdAnswers.FragmentMismatch.selector;
        return bytes4(0);
    }

    function _applyReveal(uint64 id, uint8 member) internal {
        _access(id).reveals |= uint16(1) << (member - 1);
        ++reveals;
    }

    function _decline(uint64 id, uint8 member, uint8 reason) internal {
        GhostAccess storage g = _access(id);
        uint16 bit = uint16(1) << (member - 1);
        bytes4 err;
        if (g.mask & bit == 0) {
            err = IThresholdAnswers.NotNamedMember.selector;
        } else if (suspended[_node(member)]) {
            err = IThresholdAnswers.NotCommitteeMember.selector;
        } else if (reason == 0 || reason > 10) {
            err = IThresholdAnswers.InvalidReason.selector;
        } else if (g.status != IThresholdAnswers.AnswerStatus.Open) {
            err = IThresholdAnswers.AccessNotOpen.selector;
        } else if (g.commits & bit != 0) {
            err = IThresholdAnswers.AlreadyCommitted.selector;
        } else if (g.declines & bit != 0) {
            err = IThresholdAnswers.AlreadyDeclined.selector;
        }
        vm.prank(_node(member));
        try gate.decline(id, g.requestId, g.requester, member, reason) {
            if (err != bytes4(0)) return _mismatch("decline succeeded, model refused");
            if (g.dead) {
                g.status = IThresholdAnswers.AnswerStatus.Rejected;
                g.rejectedByLiveness = true;
                ++rejections;
            } else {
                g.declines |= bit;
                if (_popcount(g.declines) + g.t > _popcount(g.mask)) {
                    g.status = IThresholdAnswers.AnswerStatus.Rejected;
                    ++rejections;
                }
            }
        } catch (bytes memory e) {
            _expectError(e, err, "decline");
        }
        touchedAccess = id;
    }

    function _report(uint64 id, uint8 member) internal {
        GhostAccess storage g = _access(id);
        GhostAnswer storage a = _prepare(id, member);
        uint16 bit = uint16(1) << (member - 1);
        bytes4 err;
        if (g.reveals & bit == 0) err = IThresholdAnswers.NotRevealed.selector;
        else if (g.faults & bit != 0) err = IThresholdAnswers.AlreadyFaulted.selector;
        else if (a.valid) err = IThresholdAnswers.FragmentValid.selector;
        vm.prank(requesters[0]);
        try gate.reportFault(id, member, a.fragment, a.proof, a.witness, a.statement) {
            if (err != bytes4(0)) return _mismatch("reportFault succeeded, model refused");
            g.faults |= bit;
            ++faults;
        } catch (bytes memory e) {
            _expectError(e, err, "reportFault");
            if (err == IThresholdAnswers.FragmentValid.selector) ++validReportsRefused;
        }
        touchedAccess = id;
    }

    // =============================================================== helpers

    /// @dev Member `member`'s answer to access `id`, made once, valid or invalid (its response off
    /// by one, the witness recomputed so a report can show it).
    function _prepare(uint64 id, uint8 member) internal returns (GhostAnswer storage a) {
        a = _answers[uint256(id) << 8 | member];
        if (a.prepared) return a;
        uint256 x = toScalar(uint256(keccak256(abi.encode("share", salt, id, member))));
        uint256 h = toScalar(uint256(keccak256(abi.encode("base", salt, id))));
        Case memory c = prove(
            x, h, uint256(keccak256(abi.encode("nonce", id, member))), keccak256(abi.encode(id, member))
        );
        // A faulty access's members all answer with invalid proofs, so every run reaches fault
        // reports; elsewhere one answer in five is invalid.
        a.valid =
            _kind(id) != Kind.Faulty && uint256(keccak256(abi.encode("valid", salt, id, member))) % 5 != 0;
        if (!a.valid) {
            c.proof.s = addmod(c.proof.s, 1, SECP256K1_N);
            witnessFor(c, h, mulmod(x, h, SECP256K1_N));
        }
        a.prepared = true;
        a.fragment = compressed(c.q);
        a.proof = encodeProof(c.proof);
        a.witness = encodeWitness(c.witness);
        a.statement = gate.encodeStatement(c.p, c.h, c.context);
        gate.setStatement(id, member, a.statement);
    }

    function _toggleSuspension(address who) internal {
        vm.prank(registrar);
        if (suspended[who]) registry.reinstate(who);
        else registry.suspend(who);
        suspended[who] = !suspended[who];
    }

    /// @dev The batch's AnswerRefused events, in order, must be the refusals the model predicted.
    function _checkRefusals(bytes4[] memory want, uint256 count) internal {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        uint256 k;
        for (uint256 i; i < logs.length; ++i) {
            Vm.Log memory l = logs[i];
            if (l.emitter != address(gate) || l.topics.length == 0) continue;
            if (l.topics[0] != IThresholdAnswers.AnswerRefused.selector) continue;
            bytes4 sel = abi.decode(l.data, (bytes4));
            if (k >= count || sel != want[k]) {
                return
                    _mismatch(string.concat("refusal ", vm.toString(k), " was ", vm.toString(bytes32(sel))));
            }
            ++k;
        }
        if (k != count) _mismatch(string.concat("refusals: ", vm.toString(k), " of ", vm.toString(count)));
        refusedItems += k;
    }

    function _expectError(bytes memory got, bytes4 want, string memory what) internal {
        if (want == bytes4(0)) return _mismatch(string.concat(what, " refused: ", vm.toString(got)));
        if (got.length < 4 || bytes4(got) != want) {
            _mismatch(
                string.concat(
                    what, " refused with ", vm.toString(got), ", model said ", vm.toString(bytes32(want))
                )
            );
        }
    }

    function _mismatch(string memory what) internal {
        if (mismatches++ == 0) firstMismatch = string.concat(what, " (call ", vm.toString(calls), ")");
    }

    function _check(bool ok, string memory what) internal {
        if (!ok) _mismatch(what);
    }

    function _mix(uint256 seed) internal view returns (uint256) {
        return uint256(keccak256(abi.encode(seed, salt)));
    }

    function _kind(uint64 id) internal view returns (Kind) {
        return Kind((id + salt) % 3);
    }

    function _pickAccess(uint256 seed) internal view returns (uint64) {
        if (_accesses.length == 0) return 0;
        return uint64(seed % _accesses.length + 1);
    }

    /// @dev Mostly a member the grant names, sometimes any member.
    function _pickMember(uint64 id, uint256 seed) internal view returns (uint8) {
        uint16 mask = _access(id).mask;
        if (seed % 5 == 0) return uint8((seed >> 4) % MEMBERS + 1);
        return _firstMember(mask, seed >> 4);
    }

    /// @dev The first member in `mask` at or after a random start, or 0 when the mask is empty.
    function _firstMember(uint16 mask, uint256 seed) internal pure returns (uint8) {
        uint256 start = seed % MEMBERS;
        for (uint256 i; i < MEMBERS; ++i) {
            uint256 m = (start + i) % MEMBERS;
            if (mask & (uint16(1) << m) != 0) return uint8(m + 1);
        }
        return 0;
    }

    /// @dev The oldest access with a step left to take: open with a named member yet to answer,
    /// or fulfilled with a commit to reveal or an invalid proof to report; zero when there is
    /// none. Oldest first, so `advance` carries one access to its end before the next, and the
    /// first three accesses (one of each kind) settle early in every run.
    function _unsettled() internal view returns (uint64) {
        uint256 n = _accesses.length;
        for (uint256 i; i < n; ++i) {
            uint64 id = uint64(i + 1);
            GhostAccess storage g = _access(id);
            if (g.status == IThresholdAnswers.AnswerStatus.Open) {
                if (g.mask & ~(g.commits | g.declines) != 0) return id;
            } else if (g.status == IThresholdAnswers.AnswerStatus.Fulfilled) {
                if (g.commits & ~g.reveals != 0 || _firstInvalid(id, g.reveals & ~g.faults) != 0) return id;
            }
        }
        return 0;
    }

    function _firstInvalid(uint64 id, uint16 mask) internal view returns (uint8) {
        for (uint8 m = 1; m <= MEMBERS; ++m) {
            if (mask & (uint16(1) << (m - 1)) != 0 && !_answers[uint256(id) << 8 | m].valid) return m;
        }
        return 0;
    }

    function _node(uint8 member) internal view returns (address) {
        return nodes[member - 1];
    }

    function _access(uint64 id) internal view returns (GhostAccess storage) {
        return _accesses[id - 1];
    }

    function _popcount(uint16 mask) internal pure returns (uint256 c) {
        for (; mask != 0; mask >>= 1) {
            c += mask & 1;
        }
    }

    // ================================================================= views

    function accessCount() external view returns (uint256) {
        return _accesses.length;
    }

    function accessAt(uint64 id) external view returns (GhostAccess memory) {
        return _accesses[id - 1];
    }

    function answerAt(uint64 id, uint8 member) external view returns (GhostAnswer memory) {
        return _answers[uint256(id) << 8 | member];
    }
}
