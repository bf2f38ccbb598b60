// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IProxyNetwork} from "./IProxyNetwork.sol";

/// @title IThresholdAnswers
/// @notice The t-of-n answer round every committee gate shares (docs/trust.md, "Answers: commit,
/// then reveal"): PRE fragments for grants, decryption shares for attribute reads, OPRF shares
/// for index tokens. Each access names a committee, a threshold t and the n members that may
/// answer it (a member mask).
///
/// 1. Commit: a named member sends the hash of its fragment, bound to the access, the request
///    and the requester. The t-th commit fulfils the access: that is the receipt.
/// 2. Reveal: once the access is fulfilled and its own commit is final, the member reveals the
///    fragment and its DLEQ proof; the contract checks the fragment against the commit.
/// 3. Decline: a member that cannot answer says so; the access is rejected when more than n − t
///    members declined. A dead grant found at a commit or a decline rejects the access at once.
/// 4. Fault: anyone may show that a revealed proof is invalid; the contract verifies it
///    (crypto/dleq, with ecrecover) against the statement the gate rebuilds from its own
///    commitments and records the fault against the member.
///
/// The single-item calls revert with a specific error. The batch calls never revert for one
/// item: an item that fails its checks is refused with `AnswerRefused` (its error's selector),
/// a dead grant rejects its access, and the batch goes on.
/// @dev Fragments are SEC 1 compressed points (33 bytes), proofs c ‖ s (64 bytes). A commit's
/// `fragmentHash` is keccak256 of the compressed fragment (crypto/tpre's `Fragment.Hash`); at the
/// reveal the member's slot becomes keccak256(fragment ‖ proof), so a fault report can only cite
/// the proof the member itself published.
interface IThresholdAnswers {
    /// @notice Where an access's answer stands. `Open` until the t-th commit (`Fulfilled`) or a
    /// rejection (`Rejected`); neither ever changes again.
    enum AnswerStatus {
        Open,
        Fulfilled,
        Rejected
    }

    /// @notice The answer state of one access, packed into one storage slot.
    /// @param commitMask Members that committed (bit i − 1 for member i).
    /// @param revealMask Members that revealed.
    /// @param declineMask Members that declined.
    /// @param faultMask Members whose revealed proof was shown invalid.
    /// @param commits Number of commits.
    /// @param declines Number of declines.
    /// @param status Open, Fulfilled or Rejected.
    struct AnswerState {
        uint16 commitMask;
        uint16 revealMask;
        uint16 declineMask;
        uint16 faultMask;
        uint8 commits;
        uint8 declines;
        AnswerStatus status;
    }

    /// @notice What a gate says about one access: who may answer it and what it is bound to.
    /// @param committeeId The ProxyNetwork committee that answers.
    /// @param requestId The request the access belongs to.
    /// @param requester The requester the answer is for.
    /// @param memberMask The members the grant names (bit i − 1 for member i).
    /// @param threshold t; zero means no such access.
    struct AnswerTerms {
        uint64 committeeId;
        uint64 requestId;
        address requester;
        uint16 memberMask;
        uint8 threshold;
    }

    /// @notice One commit in a batch.
    struct Commit {
        uint64 accessId;
        uint64 requestId;
        address requester;
        uint8 member;
        bytes32 fragmentHash;
    }

    /// @notice One reveal in a batch.
    struct Reveal {
        uint64 accessId;
        uint8 member;
        bytes fragment;
        bytes proof;
    }

    /// @notice One decline in a batch.
    struct Decline {
        uint64 accessId;
        uint64 requestId;
        address requester;
        uint8 member;
        uint8 reason;
    }

    /// @notice No access has this id.
    error UnknownAccess(uint64 accessId);
    /// @notice The access belongs to another request or requester (for example after a reorg).
    error AccessMismatch(uint64 accessId, uint64 requestId, address requester);
    /// @notice The grant does not name this member.
    error NotNamedMember(uint64 accessId, uint8 member);
    /// @notice The caller is not member `member` of the committee, or is not an active proxy.
    error NotCommitteeMember(uint64 committeeId, uint8 member, address account);
    /// @notice The access is not open for this step (`status` says where it stands).
    error AccessNotOpen(uint64 accessId, AnswerStatus status);
    /// @notice The member has committed to this access already.
    error AlreadyCommitted(uint64 accessId, uint8 member);
    /// @notice The member has declined this access already.
    error AlreadyDeclined(uint64 accessId, uint8 member);
    /// @notice The member has not committed to this access.
    error NotCommitted(uint64 accessId, uint8 member);
    /// @notice The access is not fulfilled, so nothing may be revealed yet.
    error NotFulfilled(uint64 accessId);
    /// @notice The member has revealed already.
    error AlreadyRevealed(uint64 accessId, uint8 member);
    /// @notice The fragment (and, after the reveal, the proof) is not what the member committed or revealed.
    error FragmentMismatch(uint64 accessId, uint8 member);
    /// @notice The member has not revealed, so there is nothing to report.
    error NotRevealed(uint64 accessId, uint8 member);
    /// @notice A fault of this member on this access is recorded already.
    error AlreadyFaulted(uint64 accessId, uint8 member);
    /// @notice The revealed proof verifies: there is no fault to record.
    error FragmentValid(uint64 accessId, uint8 member);
    /// @notice A fragment must be 33 bytes and a proof 64.
    error MalformedAnswer(uint256 fragmentLength, uint256 proofLength);
    /// @notice A commit's fragment hash is zero.
    error EmptyFragmentHash();
    /// @notice The decline reason is not a code of the `Reasons` library.
    error InvalidReason(uint8 reason);
    /// @notice A batch is empty.
    error EmptyBatch();
    /// @notice Rejection reason: more than n − t members declined. Never reverted with.
    error TooManyDeclines(uint64 accessId, uint16 declineMask);

    /// @notice A named member committed to its fragment for an access.
    /// @param accessId The access.
    /// @param node The member's account.
    /// @param member The member's committee index.
    /// @param fragmentHash keccak256 of the compressed fragment.
    event AnswerCommitted(uint64 indexed accessId, address indexed node, uint8 member, bytes32 fragmentHash);
    /// @notice The t-th commit landed: the access is answered (the receipt), by the members in the mask.
    /// @param accessId The access.
    /// @param requestId The request it belongs to.
    /// @param requester The requester it is for.
    /// @param committeeId The committee that answered.
    /// @param commitMask The members that had committed (bit i − 1 for member i).
    event AnswerFulfilled(
        uint64 indexed accessId,
        uint64 indexed requestId,
        address indexed requester,
        uint64 committeeId,
        uint16 commitMask
    );
    /// @notice A member revealed its committed fragment and the fragment's DLEQ proof.
    /// @param accessId The access.
    /// @param node The member's account.
    /// @param member The member's committee index.
    /// @param fragment The fragment, a 33-byte compressed point.
    /// @param proof Its DLEQ proof c ‖ s (64 bytes).
    event AnswerRevealed(
        uint64 indexed accessId, address indexed node, uint8 member, bytes fragment, bytes proof
    );
    /// @notice A named member declined to answer, with a reason code from `Reasons`.
    /// @param accessId The access.
    /// @param node The member's account.
    /// @param member The member's committee index.
    /// @param reason Why, a code from `Reasons`.
    event AnswerDeclined(uint64 indexed accessId, address indexed node, uint8 member, uint8 reason);
    /// @notice The access was rejected: its grant was dead at an answer, or too many members declined.
    /// @param accessId The access.
    /// @param requestId The request it belongs to.
    /// @param requester The requester it was for.
    /// @param reason Selector of the gate's liveness error, or of `TooManyDeclines`.
    event AnswerRejected(
        uint64 indexed accessId, uint64 indexed requestId, address indexed requester, bytes4 reason
    );
    /// @notice One item of a batch was refused and skipped; the rest of the batch went on.
    /// @param accessId The item's access.
    /// @param node The sender of the batch.
    /// @param error Selector of the custom error the single-item call would have reverted with.
    event AnswerRefused(uint64 indexed accessId, address indexed node, bytes4 error);
    /// @notice A revealed proof was shown invalid: the member answered wrongly.
    /// @param accessId The access.
    /// @param member The member's committee index.
    /// @param node The member's account.
    /// @param reporter Who reported it.
    event FragmentFaulted(
        uint64 indexed accessId, uint8 member, address indexed node, address indexed reporter
    );

    /// @notice Commits member `member`'s fragment hash for an access.
    /// @dev Caller: member `member` of the access's committee, an active proxy, named in the grant.
    /// Fulfils the access at the t-th commit; commits after that are still recorded (members
    /// beyond t give the requester spares). A dead grant rejects an open access and returns
    /// without committing; on a fulfilled access it reverts with the gate's liveness error.
    /// @param accessId The access.
    /// @param requestId The request the caller read the access for.
    /// @param requester The requester the caller read the access for.
    /// @param member The caller's committee index.
    /// @param fragmentHash keccak256 of the compressed fragment.
    function commit(uint64 accessId, uint64 requestId, address requester, uint8 member, bytes32 fragmentHash)
        external;

    /// @notice Commits several fragment hashes; refuses (`AnswerRefused`) each item that fails.
    /// @param commits The commits.
    function commitMany(Commit[] calldata commits) external;

    /// @notice Reveals member `member`'s committed fragment and its proof.
    /// @dev Caller: member `member`, an active proxy. Only after the access is fulfilled and the
    /// member committed; the fragment must hash to the commit.
    /// @param accessId The access.
    /// @param member The caller's committee index.
    /// @param fragment The 33-byte compressed fragment.
    /// @param proof The 64-byte DLEQ proof c ‖ s.
    function reveal(uint64 accessId, uint8 member, bytes calldata fragment, bytes calldata proof) external;

    /// @notice Reveals several fragments; refuses (`AnswerRefused`) each item that fails.
    /// @param reveals The reveals.
    function revealMany(Reveal[] calldata reveals) external;

    /// @notice Declines to answer an open access.
    /// @dev Caller: member `member`, an active proxy, named in the grant, that has neither
    /// committed nor declined. The access is rejected when more than n − t members declined; a
    /// dead grant rejects it at once.
    /// @param accessId The access.
    /// @param requestId The request the caller read the access for.
    /// @param requester The requester the caller read the access for.
    /// @param member The caller's committee index.
    /// @param reason A code from `Reasons`.
    function decline(uint64 accessId, uint64 requestId, address requester, uint8 member, uint8 reason)
        external;

    /// @notice Declines several accesses; refuses (`AnswerRefused`) each item that fails.
    /// @param declines The declines.
    function declineMany(Decline[] calldata declines) external;

    /// @notice Shows that member `member`'s revealed proof is invalid and records the fault.
    /// @dev Anyone may report: the contract checks the proof itself, so the reporter's identity
    /// adds nothing. Reverts with `FragmentValid` when the proof verifies, with Dleq's
    /// `InvalidWitness` when the witness is not U = s·H, V = c·Q, and with the gate's own error
    /// when `statement` does not match what it stored.
    /// @param accessId The access.
    /// @param member The member's committee index.
    /// @param fragment The revealed fragment (33 bytes).
    /// @param proof The revealed proof (64 bytes).
    /// @param witness U ‖ V, each 64-byte x ‖ y (crypto/dleq's `Proof.Witness`).
    /// @param statement The public inputs the gate needs to rebuild the statement (gate-specific).
    function reportFault(
        uint64 accessId,
        uint8 member,
        bytes calldata fragment,
        bytes calldata proof,
        bytes calldata witness,
        bytes calldata statement
    ) external;

    /// @notice The answer state of an access (all zero before its first answer).
    /// @param accessId The access.
    function answerState(uint64 accessId) external view returns (AnswerState memory);

    /// @notice Member `member`'s slot for an access: keccak256 of its fragment after its commit,
    /// keccak256(fragment ‖ proof) after its reveal, zero before.
    /// @param accessId The access.
    /// @param member The member's committee index.
    function answerHash(uint64 accessId, uint8 member) external view returns (bytes32);

    /// @notice The committees' contract.
    function proxyNetwork() external view returns (IProxyNetwork);
}
