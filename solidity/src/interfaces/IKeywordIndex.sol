// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IThresholdAnswers} from "./IThresholdAnswers.sol";

/// @title IKeywordIndex
/// @notice Seed 001's encrypted keyword index (Algorithm 1) with its authorized requesters, gated
/// through the proxy committee: a requester's search capability for a keyword comes only from an
/// audited `requestToken` that t members of the patient's committee answer (docs/trust.md,
/// "Keyword index through the committee").
/// @dev The patient's index key `s_e` of epoch `e` is Shamir-shared to a committee like a re-key:
/// sealed shares in a bundle on IPFS, share commitments `s_{e,i}·G` emitted here and bound on
/// chain by hash. A requester sends `b·H(w‖e)`; members answer `s_{e,i}·(b·H(w‖e))` with a DLEQ
/// proof; the requester unblinds the token and derives labels and masks. The i-th entry (from 0) of
/// a keyword sits at label_i = keccak256(abi.encodePacked(token, uint256(i))).
///
/// Removing a requester bumps the patient's index epoch. The new epoch has no key until the patient
/// registers one (a fresh `s`, so tokens asked for before the removal open nothing written after
/// it); entries are written only in the current epoch under its key, and carry it in their event.
/// Token requests may name any epoch up to the current one that has a key, so older entries stay
/// searchable for requesters still on the list. On-chain state is public: what keeps entries
/// confidential is that labels and masks need a token.
///
/// The patient removes entries (for a record she erases) with `removeEntries`: each slot is
/// overwritten with `REMOVED_ENTRY`, which keeps the entry's position, so a search walks on past
/// it to the entries after it (an empty slot would end the walk there). The masked value is gone
/// from state only: `addEntries`' calldata, and any archive node's old state, keep it.
///
/// Token requests are answered through ThresholdAnswers; a request's access id and request id are
/// both its token request id. A commit is accepted only while the requester is still on the
/// patient's list and active in the same role. A fault report's `statement` is abi.encode(bytes
/// commitments, bytes32 bundleHash, bytes blindedPoint): the epoch key's commitments (33 bytes
/// each, in member order) and bundle hash, checked against the stored key commitment, and the
/// request's blinded point, checked against its hash. The member's statement is P = its share
/// commitment, H = the blinded point, with `answerContext(requestId, member)`.
interface IKeywordIndex is IThresholdAnswers {
    /// @notice A patient's index key for one epoch.
    /// @param committeeId The committee holding the key's shares.
    /// @param memberMask The members holding shares: bit i−1 for member index i.
    /// @param threshold How many shares make a token.
    /// @param commitment keccak256(abi.encode(bundleHash, keccak256(commitments), patient, epoch,
    /// committeeId, threshold, memberMask)), against which fault reports check the commitments.
    struct IndexKey {
        uint64 committeeId;
        uint16 memberMask;
        uint8 threshold;
        bytes32 commitment;
    }

    /// @notice A token request.
    /// @param requester Who asked.
    /// @param epoch The index epoch the token is for.
    /// @param requesterRole The requester's role when asked; a changed role stops the answer.
    /// @param patient Whose index.
    /// @param blindedHash keccak256 of the blinded point `b·H(w‖e)` (33 bytes, SEC 1 compressed).
    struct TokenRequest {
        address requester;
        uint32 epoch;
        uint8 requesterRole;
        address patient;
        bytes32 blindedHash;
    }

    /// @notice Label and value arrays differ in length, or a batch is empty.
    error LengthMismatch();
    /// @notice A value of zero would read as "no entry".
    error ZeroValue(uint256 position);
    /// @notice The label holds an entry already; entries are append-only.
    error LabelTaken(bytes32 label);
    /// @notice The requester is already authorized.
    error AlreadyRequester(address requester);
    /// @notice The account is not an authorized requester of this index.
    error NotRequester(address patient, address requester);
    /// @notice The requester is authorized but no longer an active requester or provider.
    error RequesterNotActive(address requester);
    /// @notice The caller is not an active patient: a suspended patient changes nothing.
    error PatientNotActive(address patient);
    /// @notice The zero address was given as a requester.
    error ZeroAddress();
    /// @notice A page size of zero was asked for.
    error ZeroLimit();
    /// @notice The epoch has no index key (never registered, or not yet for the current epoch).
    error NoIndexKey(address patient, uint32 epoch);
    /// @notice Entries are written in the current epoch only.
    error WrongEpoch(uint32 epoch, uint32 current);
    /// @notice The threshold is zero or above the number of members, or the member mask is empty.
    error InvalidThreshold(uint8 threshold, uint16 memberMask);
    /// @notice The commitments are not one 33-byte point per member in the mask.
    error InvalidCommitments(uint256 length, uint256 members);
    /// @notice The blinded point is not 33 bytes.
    error InvalidBlindedPoint(uint256 length);
    /// @notice The committee is not active (still in its DKG, failed, retired or unknown).
    error CommitteeNotActive(uint64 committeeId);
    /// @notice The mask names members the committee does not have.
    error UnknownMembers(uint64 committeeId, uint16 memberMask);
    /// @notice A required field is empty.
    error EmptyField();
    /// @notice The requester is no longer on the patient's list (token answers stop at once).
    error RequesterDelisted(address patient, address requester);
    /// @notice The requester's role changed since the token request.
    error RoleChanged(address requester);
    /// @notice A fault report's commitments, bundle hash or blinded point do not match.
    error StatementMismatch(uint64 requestId);
    /// @notice A point in a fault report's statement does not decode.
    error InvalidStatement(uint64 requestId);
    /// @notice The label holds no entry to remove: never written, or removed already.
    error NoEntry(bytes32 label);

    /// @notice The patient authorized a requester to ask for search tokens.
    event RequesterAdded(address indexed patient, address indexed requester);
    /// @notice The patient withdrew a requester's authorization; the index moved to a new epoch.
    /// @param epoch The new index epoch.
    event RequesterRemoved(address indexed patient, address indexed requester, uint32 epoch);
    /// @notice The patient registered the index key of an epoch, Shamir-shared to a committee.
    /// @param epoch The epoch the key is for.
    /// @param committeeId The committee holding the shares.
    /// @param threshold How many shares make a token.
    /// @param memberMask The members holding shares.
    /// @param bundleHash SHA-256 of the share bundle.
    /// @param bundleRef CID of the share bundle (each share sealed to its member).
    /// @param commitments The share commitments, 33 bytes each, in member order.
    event IndexKeyRegistered(
        address indexed patient,
        uint32 epoch,
        uint64 committeeId,
        uint8 threshold,
        uint16 memberMask,
        bytes32 bundleHash,
        bytes bundleRef,
        bytes commitments
    );
    /// @notice The patient appended a batch of masked entries in an epoch.
    /// @param epoch The index epoch the entries' labels belong to.
    event EntriesAdded(address indexed patient, uint32 epoch, uint256 count);
    /// @notice The patient removed entries: their slots now hold `REMOVED_ENTRY`.
    /// @param count How many entries were removed.
    event EntriesRemoved(address indexed patient, uint256 count);
    /// @notice An authorized requester asked the committee for a search token: the audited step
    /// that gives search capability.
    /// @param epoch The index epoch the token is for.
    /// @param blindedPoint b·H(w‖e), SEC 1 compressed; reveals nothing of the keyword.
    event TokenRequested(
        uint64 indexed requestId,
        address indexed patient,
        address indexed requester,
        uint32 epoch,
        bytes blindedPoint
    );
    /// @notice The committee answered a token request: the t-th commit landed. On the patient's
    /// timeline with the members that answered.
    /// @param commitMask The members that committed (bit i − 1 for member i).
    event TokenAnswered(
        uint64 indexed requestId, address indexed patient, address indexed requester, uint16 commitMask
    );
    /// @notice A token request was not answered: the requester was removed from the list,
    /// suspended or changed role before t commits, or too many members declined.
    /// @param reason Selector of the liveness error, or of `TooManyDeclines`.
    event TokenRejected(
        uint64 indexed requestId, address indexed patient, address indexed requester, bytes4 reason
    );
    /// @notice A member's revealed token share was shown wrong by a fault report.
    /// @param member The member's committee index.
    /// @param node The member's account.
    event TokenFaulted(uint64 indexed requestId, address indexed patient, uint8 member, address node);
    /// @notice An authorized requester searched with a token it holds.
    /// @param tokenHash keccak256 of the token, so repeated searches can be correlated in the audit trail.
    event SearchPerformed(
        address indexed patient, address indexed requester, bytes32 tokenHash, uint256 offset, uint256 count
    );

    /// @notice Registers the index key of the caller's current epoch (or, when that epoch has one
    /// already, of the next epoch). Active patient only.
    /// @param committeeId The committee holding the shares.
    /// @param threshold How many shares make a token (1 ≤ t ≤ members).
    /// @param memberMask The members holding shares: bit i−1 for member index i.
    /// @param bundleHash SHA-256 of the share bundle.
    /// @param bundleRef CID of the share bundle.
    /// @param commitments One 33-byte share commitment per member in the mask, in member order.
    /// @return epoch The epoch the key is registered for.
    function registerIndexKey(
        uint64 committeeId,
        uint8 threshold,
        uint16 memberMask,
        bytes32 bundleHash,
        bytes calldata bundleRef,
        bytes calldata commitments
    ) external returns (uint32 epoch);

    /// @notice Authorizes `requester` to ask for tokens of the caller's index (seed 001's
    /// addRequester). Active patient only.
    /// @param requester The requester to authorize.
    function addRequester(address requester) external;

    /// @notice Authorizes several requesters in one transaction. Active patient only.
    /// @param requesters The requesters to authorize; none may be authorized already.
    function addRequesters(address[] calldata requesters) external;

    /// @notice Withdraws `requester`'s authorization and moves the index to a new epoch. Active patient only.
    /// @param requester The requester to remove.
    function removeRequester(address requester) external;

    /// @notice Withdraws several requesters' authorizations; the epoch moves once. Active patient only.
    /// @param requesters The requesters to remove; each must be authorized.
    function removeRequesters(address[] calldata requesters) external;

    /// @notice Appends masked entries to the caller's index in its current epoch (seed 001's
    /// Index-Gen output). Active patient only; the epoch must have a key.
    /// @param epoch The current epoch, which the labels were derived under.
    /// @param labels The entries' labels; each must be unused.
    /// @param values The masked entries, none zero.
    function addEntries(uint32 epoch, bytes32[] calldata labels, bytes32[] calldata values) external;

    /// @notice Removes entries from the caller's index, in any epoch: each slot is overwritten with
    /// `REMOVED_ENTRY` (a search returns that value at the entry's position and walks on). Active
    /// patient only. The labels' values stay in the history of the `addEntries` calls that wrote them.
    /// @param labels The entries' labels; each must hold an entry not removed yet.
    function removeEntries(bytes32[] calldata labels) external;

    /// @notice Asks `patient`'s committee for a search token. Authorized, active requesters only.
    /// @param patient Whose index.
    /// @param epoch An epoch up to the current one that has a key.
    /// @param blindedPoint b·H(w‖e), SEC 1 compressed (33 bytes).
    /// @return requestId The id the committee answers under.
    function requestToken(address patient, uint32 epoch, bytes calldata blindedPoint)
        external
        returns (uint64 requestId);

    /// @notice Searches `patient`'s index with a token and records the search on chain.
    /// @dev Only authorized, active requesters. Returns up to `limit` entries (at most 1,024) from
    /// position `offset`; call again while `more` is true, so results page past any gas limit. A
    /// removed entry is returned as `REMOVED_ENTRY`, at its position.
    /// @param patient Whose index to search.
    /// @param token The keyword's label key.
    /// @param offset Position of the first entry to return.
    /// @param limit Most entries to return; not zero.
    /// @return values The masked entries, in insertion order.
    /// @return more Whether entries follow the last one returned.
    function search(address patient, bytes32 token, uint256 offset, uint256 limit)
        external
        returns (bytes32[] memory values, bool more);

    /// @notice The same page as `search`, read without a transaction and so without an audit record.
    /// Entries are public on chain anyway; the token is what is gated.
    function entries(address patient, bytes32 token, uint256 offset, uint256 limit)
        external
        view
        returns (bytes32[] memory values, bool more);

    /// @notice The commitment an index key stores; see `IndexKey`.
    function indexKeyCommitment(
        bytes32 bundleHash,
        bytes calldata commitments,
        address patient,
        uint32 epoch,
        uint64 committeeId,
        uint8 threshold,
        uint16 memberMask
    ) external pure returns (bytes32);

    /// @notice The DLEQ context member `member`'s answer to token request `requestId` is bound to:
    /// keccak256(abi.encode("emrchain/index-token/v1", chainId, this contract, requestId, member)).
    function answerContext(uint64 requestId, uint8 member) external view returns (bytes32);

    /// @notice Whether a token request may still be answered now, and if not, why.
    function checkTokenRequest(uint64 requestId) external view returns (bool live, bytes4 err);

    /// @notice The index key of `patient` for `epoch` (all zero when none).
    function indexKey(address patient, uint32 epoch) external view returns (IndexKey memory);

    /// @notice The current index epoch of `patient` (zero before any key or removal).
    function epochOf(address patient) external view returns (uint32);

    /// @notice A token request.
    function tokenRequest(uint64 requestId) external view returns (TokenRequest memory);

    /// @notice Number of token requests made so far (ids start at 1).
    function tokenRequestCount() external view returns (uint64);

    /// @notice The masked value stored under `label` in `patient`'s index (zero if none).
    function entryAt(address patient, bytes32 label) external view returns (bytes32);

    /// @notice Whether `requester` may ask for tokens of, and search, `patient`'s index.
    function isRequester(address patient, address requester) external view returns (bool);

    /// @notice What a removed entry's slot holds: bytes32(uint256(1)), never a masked value (but
    /// with probability 2^-256).
    function REMOVED_ENTRY() external view returns (bytes32);

    /// @notice The label of the `i`-th entry for `token`: keccak256(abi.encodePacked(token, i)).
    function labelAt(bytes32 token, uint256 i) external pure returns (bytes32);
}
