// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IProxyNetwork} from "./interfaces/IProxyNetwork.sol";
import {IThresholdAnswers} from "./interfaces/IThresholdAnswers.sol";
import {Dleq} from "./libraries/Dleq.sol";
import {Reasons} from "./libraries/Reasons.sol";
import {Secp256k1} from "./libraries/Secp256k1.sol";

/// @title ThresholdAnswers
/// @notice The commit / reveal / decline / fault round of docs/trust.md, implemented once for
/// every gate whose accesses a ProxyNetwork committee answers (AccessLedger's grants, attribute
/// reads, keyword-index tokens).
/// @dev An inheriting gate owns its accesses and supplies, through the internal virtual hooks:
///
/// - `_answerTerms(accessId)`: the access's committee, threshold t, member mask and binding
///   (requestId, requester). Return t = 0 for an access that does not exist. The terms must not
///   change while the access is open; a gate that lets them change breaks the threshold count.
/// - `_answerLiveness(accessId, terms)`: empty while the access may still be answered, otherwise
///   the ABI-encoded custom error saying why not (grant revoked, requester suspended, record
///   version superseded, attributes changed…). Judge the grant window at get-access time, not
///   here: an access invoked inside the window is answered even if the window closed since.
/// - `_faultStatement(accessId, terms, member, statement)`: the DLEQ statement's public inputs P
///   (the member's commitment or public share), H (the base the member exponentiated) and the
///   proof's 32-byte context, rebuilt from `statement` (caller-supplied) after checking it
///   against hashes the gate stored. Revert with the gate's own error when it does not match.
/// - `_afterFulfilled`, `_afterRejected`, `_afterFaulted`: called last, after this contract's
///   state and events, so a gate can emit its own events (for example with the patient indexed,
///   for timelines) or update its own state. Empty by default. They run inside batch items too:
///   they must not revert for a reason that concerns only one item.
/// - `_loadAnswerState`, `_storeAnswerState`: where an access's `AnswerState` lives. By default
///   in this contract's own mapping; a gate that writes a slot per access anyway (at get-access)
///   may keep the state in that slot's spare bytes, so the first commit updates a slot instead of
///   filling a new one and every answer reads one slot fewer.
///
/// Storage: one slot per access (`AnswerState`, unless the gate keeps it) and one per (access,
/// member) (`answerHash`).
/// Every answering call checks that its sender is member `member` of the committee and an active
/// proxy (`IProxyNetwork.isActiveMember`); `reportFault` is open to anyone by design.
abstract contract ThresholdAnswers is IThresholdAnswers {
    /// @notice A fragment: a SEC 1 compressed point.
    uint256 public constant FRAGMENT_LENGTH = 33;
    /// @notice Committees have at most 16 members, so member masks are 16 bits.
    uint8 internal constant MAX_MEMBER = 16;

    /// @inheritdoc IThresholdAnswers
    IProxyNetwork public immutable proxyNetwork;

    mapping(uint64 accessId => AnswerState) internal _answers;
    /// @dev Keyed by accessId << 8 | member: one hash per lookup.
    mapping(uint256 slot => bytes32) internal _answerHashes;

    /// @param network The committees' contract.
    constructor(IProxyNetwork network) {
        proxyNetwork = network;
    }

    // ---------------------------------------------------------------- hooks

    /// @notice The committee, threshold, member mask and binding of `accessId`; threshold 0 when
    /// there is no such access.
    function _answerTerms(uint64 accessId) internal view virtual returns (AnswerTerms memory terms);

    /// @notice Empty while `accessId` may be answered; otherwise the ABI-encoded custom error why not.
    function _answerLiveness(uint64 accessId, AnswerTerms memory terms)
        internal
        view
        virtual
        returns (bytes memory err);

    /// @notice The statement member `member`'s proof must prove, from caller-supplied `statement`
    /// checked against the gate's stored hashes: P = x·G, the base H, and the proof's context.
    function _faultStatement(
        uint64 accessId,
        AnswerTerms memory terms,
        uint8 member,
        bytes calldata statement
    ) internal view virtual returns (Dleq.Point memory p, Dleq.Point memory h, bytes32 context);

    /// @notice The answer state of `accessId` (all zero before its first answer).
    function _loadAnswerState(uint64 accessId) internal view virtual returns (AnswerState memory) {
        return _answers[accessId];
    }

    /// @notice Stores the answer state of `accessId`.
    function _storeAnswerState(uint64 accessId, AnswerState memory st) internal virtual {
        _answers[accessId] = st;
    }

    /// @notice Called after an access is fulfilled (its events are out).
    function _afterFulfilled(uint64 accessId, AnswerTerms memory terms, uint16 commitMask) internal virtual {}

    /// @notice Called after an access is rejected.
    function _afterRejected(uint64 accessId, AnswerTerms memory terms, bytes4 reason) internal virtual {}

    /// @notice Called after a member's fault is recorded.
    function _afterFaulted(uint64 accessId, AnswerTerms memory terms, uint8 member, address node)
        internal
        virtual {}

    // ------------------------------------------------------------ answering

    /// @inheritdoc IThresholdAnswers
    function commit(uint64 accessId, uint64 requestId, address requester, uint8 member, bytes32 fragmentHash)
        external
    {
        _orRevert(_commit(accessId, requestId, requester, member, fragmentHash));
    }

    /// @inheritdoc IThresholdAnswers
    function commitMany(Commit[] calldata items) external {
        if (items.length == 0) revert EmptyBatch();
        for (uint256 i; i < items.length; ++i) {
            Commit calldata c = items[i];
            _orRefuse(c.accessId, _commit(c.accessId, c.requestId, c.requester, c.member, c.fragmentHash));
        }
    }

    /// @inheritdoc IThresholdAnswers
    function reveal(uint64 accessId, uint8 member, bytes calldata fragment, bytes calldata proof) external {
        _orRevert(_reveal(accessId, member, fragment, proof));
    }

    /// @inheritdoc IThresholdAnswers
    function revealMany(Reveal[] calldata items) external {
        if (items.length == 0) revert EmptyBatch();
        for (uint256 i; i < items.length; ++i) {
            Reveal calldata r = items[i];
            _orRefuse(r.accessId, _reveal(r.accessId, r.member, r.fragment, r.proof));
        }
    }

    /// @inheritdoc IThresholdAnswers
    function decline(uint64 accessId, uint64 requestId, address requester, uint8 member, uint8 reason)
        external
    {
        _orRevert(_decline(accessId, requestId, requester, member, reason));
    }

    /// @inheritdoc IThresholdAnswers
    function declineMany(Decline[] calldata items) external {
        if (items.length == 0) revert EmptyBatch();
        for (uint256 i; i < items.length; ++i) {
            Decline calldata d = items[i];
            _orRefuse(d.accessId, _decline(d.accessId, d.requestId, d.requester, d.member, d.reason));
        }
    }

    /// @inheritdoc IThresholdAnswers
    function reportFault(
        uint64 accessId,
        uint8 member,
        bytes calldata fragment,
        bytes calldata proof,
        bytes calldata witness,
        bytes calldata statement
    ) external {
        (AnswerTerms memory terms, AnswerState memory st) =
            _faultTarget(accessId, member, keccak256(abi.encodePacked(fragment, proof)));
        if (_revealedProofHolds(accessId, terms, member, statement, fragment, proof, witness)) {
            revert FragmentValid(accessId, member);
        }

        st.faultMask |= _bit(member);
        _storeAnswerState(accessId, st);
        address node = proxyNetwork.memberAt(terms.committeeId, member);
        emit FragmentFaulted(accessId, member, node, msg.sender);
        _afterFaulted(accessId, terms, member, node);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IThresholdAnswers
    function answerState(uint64 accessId) external view returns (AnswerState memory) {
        return _loadAnswerState(accessId);
    }

    /// @inheritdoc IThresholdAnswers
    function answerHash(uint64 accessId, uint8 member) external view returns (bytes32) {
        return _answerHashes[_slot(accessId, member)];
    }

    // -------------------------------------------------------------- internal

    /// @dev Returns the encoded error instead of reverting, so the batch calls can skip an item.
    function _commit(uint64 accessId, uint64 requestId, address requester, uint8 member, bytes32 fragmentHash)
        internal
        returns (bytes memory)
    {
        AnswerTerms memory terms = _answerTerms(accessId);
        bytes memory err = _checkNamedMember(accessId, terms, requestId, requester, member);
        if (err.length != 0) return err;
        if (fragmentHash == bytes32(0)) return abi.encodeWithSelector(EmptyFragmentHash.selector);
        AnswerState memory st = _loadAnswerState(accessId);
        uint16 bit = _bit(member);
        if (st.status == AnswerStatus.Rejected) {
            return abi.encodeWithSelector(AccessNotOpen.selector, accessId, st.status);
        }
        if (st.commitMask & bit != 0) {
            return abi.encodeWithSelector(AlreadyCommitted.selector, accessId, member);
        }
        if (st.declineMask & bit != 0) {
            return abi.encodeWithSelector(AlreadyDeclined.selector, accessId, member);
        }
        err = _answerLiveness(accessId, terms);
        if (err.length != 0) {
            // The rejection is this access's answer; once fulfilled, the receipt stands and only
            // this late commit is refused.
            if (st.status != AnswerStatus.Open) return err;
            // forge-lint: disable-next-line(unsafe-typecast)
            _reject(accessId, terms, st, bytes4(err)); // err is an encoded custom error: its selector first
            return "";
        }

        _answerHashes[_slot(accessId, member)] = fragmentHash;
        st.commitMask |= bit;
        ++st.commits;
        bool fulfilled = st.status == AnswerStatus.Open && st.commits >= terms.threshold;
        if (fulfilled) st.status = AnswerStatus.Fulfilled;
        _storeAnswerState(accessId, st);
        emit AnswerCommitted(accessId, msg.sender, member, fragmentHash);
        if (fulfilled) {
            emit AnswerFulfilled(accessId, terms.requestId, terms.requester, terms.committeeId, st.commitMask);
            _afterFulfilled(accessId, terms, st.commitMask);
        }
        return "";
    }

    function _reveal(uint64 accessId, uint8 member, bytes calldata fragment, bytes calldata proof)
        internal
        returns (bytes memory)
    {
        AnswerTerms memory terms = _answerTerms(accessId);
        if (terms.threshold == 0) return abi.encodeWithSelector(UnknownAccess.selector, accessId);
        if (!proxyNetwork.isActiveMember(terms.committeeId, member, msg.sender)) {
            return abi.encodeWithSelector(NotCommitteeMember.selector, terms.committeeId, member, msg.sender);
        }
        if (fragment.length != FRAGMENT_LENGTH || proof.length != Dleq.PROOF_LENGTH) {
            return abi.encodeWithSelector(MalformedAnswer.selector, fragment.length, proof.length);
        }
        AnswerState memory st = _loadAnswerState(accessId);
        if (st.status != AnswerStatus.Fulfilled) {
            return abi.encodeWithSelector(NotFulfilled.selector, accessId);
        }
        uint16 bit = _bit(member);
        if (st.commitMask & bit == 0) return abi.encodeWithSelector(NotCommitted.selector, accessId, member);
        if (st.revealMask & bit != 0) {
            return abi.encodeWithSelector(AlreadyRevealed.selector, accessId, member);
        }
        uint256 slot = _slot(accessId, member);
        if (keccak256(fragment) != _answerHashes[slot]) {
            return abi.encodeWithSelector(FragmentMismatch.selector, accessId, member);
        }

        _answerHashes[slot] = keccak256(abi.encodePacked(fragment, proof));
        st.revealMask |= bit;
        _storeAnswerState(accessId, st);
        emit AnswerRevealed(accessId, msg.sender, member, fragment, proof);
        return "";
    }

    function _decline(uint64 accessId, uint64 requestId, address requester, uint8 member, uint8 reason)
        internal
        returns (bytes memory)
    {
        AnswerTerms memory terms = _answerTerms(accessId);
        bytes memory err = _checkNamedMember(accessId, terms, requestId, requester, member);
        if (err.length != 0) return err;
        if (reason == 0 || reason > Reasons.MAX) {
            return abi.encodeWithSelector(InvalidReason.selector, reason);
        }
        AnswerState memory st = _loadAnswerState(accessId);
        if (st.status != AnswerStatus.Open) {
            return abi.encodeWithSelector(AccessNotOpen.selector, accessId, st.status);
        }
        uint16 bit = _bit(member);
        if (st.commitMask & bit != 0) {
            return abi.encodeWithSelector(AlreadyCommitted.selector, accessId, member);
        }
        if (st.declineMask & bit != 0) {
            return abi.encodeWithSelector(AlreadyDeclined.selector, accessId, member);
        }
        err = _answerLiveness(accessId, terms);
        if (err.length != 0) {
            // forge-lint: disable-next-line(unsafe-typecast)
            _reject(accessId, terms, st, bytes4(err)); // err is an encoded custom error: its selector first
            return "";
        }

        st.declineMask |= bit;
        ++st.declines;
        // More than n − t declines leave fewer than t members who could still commit.
        bool rejected = uint256(st.declines) + terms.threshold > _popcount(terms.memberMask);
        if (!rejected) _storeAnswerState(accessId, st);
        emit AnswerDeclined(accessId, msg.sender, member, reason);
        if (rejected) _reject(accessId, terms, st, TooManyDeclines.selector);
        return "";
    }

    /// @dev Binding, naming and membership checks shared by commit and decline.
    function _checkNamedMember(
        uint64 accessId,
        AnswerTerms memory terms,
        uint64 requestId,
        address requester,
        uint8 member
    ) internal view returns (bytes memory) {
        if (terms.threshold == 0) {
            return abi.encodeWithSelector(UnknownAccess.selector, accessId);
        }
        if (terms.requestId != requestId || terms.requester != requester) {
            return abi.encodeWithSelector(AccessMismatch.selector, accessId, requestId, requester);
        }
        if (member == 0 || member > MAX_MEMBER || terms.memberMask & _bit(member) == 0) {
            return abi.encodeWithSelector(NotNamedMember.selector, accessId, member);
        }
        if (!proxyNetwork.isActiveMember(terms.committeeId, member, msg.sender)) {
            return abi.encodeWithSelector(NotCommitteeMember.selector, terms.committeeId, member, msg.sender);
        }
        return "";
    }

    function _reject(uint64 accessId, AnswerTerms memory terms, AnswerState memory st, bytes4 reason)
        internal
    {
        st.status = AnswerStatus.Rejected;
        _storeAnswerState(accessId, st);
        emit AnswerRejected(accessId, terms.requestId, terms.requester, reason);
        _afterRejected(accessId, terms, reason);
    }

    /// @dev The checks before a fault report verifies anything: the member revealed exactly this
    /// fragment and proof, and no fault of it is recorded yet.
    function _faultTarget(uint64 accessId, uint8 member, bytes32 revealed)
        internal
        view
        returns (AnswerTerms memory terms, AnswerState memory st)
    {
        terms = _answerTerms(accessId);
        if (terms.threshold == 0) revert UnknownAccess(accessId);
        if (member == 0 || member > MAX_MEMBER) revert NotRevealed(accessId, member);
        st = _loadAnswerState(accessId);
        uint16 bit = _bit(member);
        if (st.revealMask & bit == 0) revert NotRevealed(accessId, member);
        if (st.faultMask & bit != 0) revert AlreadyFaulted(accessId, member);
        if (revealed != _answerHashes[_slot(accessId, member)]) revert FragmentMismatch(accessId, member);
    }

    /// @dev Whether the revealed proof verifies against the statement the gate rebuilds.
    function _revealedProofHolds(
        uint64 accessId,
        AnswerTerms memory terms,
        uint8 member,
        bytes calldata statement,
        bytes calldata fragment,
        bytes calldata proof,
        bytes calldata witness
    ) internal view returns (bool) {
        (Dleq.Point memory p, Dleq.Point memory h, bytes32 context) =
            _faultStatement(accessId, terms, member, statement);
        return _proofHolds(p, h, context, fragment, proof, witness);
    }

    /// @dev A fragment that is no point, or a proof with a scalar out of range, is simply
    /// invalid; a wrong witness or statement reverts (the reporter's mistake, not the member's).
    function _proofHolds(
        Dleq.Point memory p,
        Dleq.Point memory h,
        bytes32 context,
        bytes calldata fragment,
        bytes calldata proof,
        bytes calldata witness
    ) internal view returns (bool) {
        (bool ok, uint256 qx, uint256 qy) = Secp256k1.decompress(fragment);
        if (!ok) return false;
        Dleq.Proof memory pr = Dleq.decodeProof(proof);
        // Out of range needs no witness: no U, V exist for it, and it is invalid whatever they are.
        if (pr.c == 0 || pr.c >= Secp256k1.N || pr.s == 0 || pr.s >= Secp256k1.N) return false;
        return Dleq.verify(p, h, Dleq.Point(qx, qy), context, pr, Dleq.decodeWitness(witness));
    }

    function _orRevert(bytes memory err) internal pure {
        if (err.length == 0) return;
        assembly ("memory-safe") {
            revert(add(err, 0x20), mload(err))
        }
    }

    function _orRefuse(uint64 accessId, bytes memory err) internal {
        // forge-lint: disable-next-line(unsafe-typecast)
        if (err.length != 0) emit AnswerRefused(accessId, msg.sender, bytes4(err)); // the error's selector
    }

    function _slot(uint64 accessId, uint8 member) internal pure returns (uint256) {
        return uint256(accessId) << 8 | member;
    }

    function _bit(uint8 member) internal pure returns (uint16) {
        return uint16(1) << (member - 1);
    }

    function _popcount(uint16 mask) internal pure returns (uint256 count) {
        for (uint256 m = mask; m != 0; m &= m - 1) {
            ++count;
        }
    }
}
