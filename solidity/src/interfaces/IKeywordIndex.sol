// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title IKeywordIndex
/// @notice Seed 001's encrypted keyword index (Algorithm 1) with its authorized requesters, hardened:
/// every entry sits under its own pseudorandom label and carries its own mask, so entries are
/// unlinkable until a search token for their keyword is revealed.
/// @dev One contract holds every patient's index, keyed by the patient's address. Seed 001 deploys
/// one contract per doctor (154,455 gas); here opening an index costs nothing, and because the owner
/// is `msg.sender` no owner lookup or proxy hop is paid on each write. The i-th entry (from 0) of a
/// keyword is stored at label_i = keccak256(abi.encodePacked(token, uint256(i))), where the token is
/// the keyword's label key from `crypto/sse`; values are 32-byte masked payloads, never zero.
///
/// On-chain state is public. The requester list gates the audited `search` transaction; what keeps
/// entries confidential is that labels and masks need the patient's search key.
interface IKeywordIndex {
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
    /// @notice The requester is authorized but no longer an active participant.
    error RequesterNotActive(address requester);
    /// @notice The zero address was given as a requester.
    error ZeroAddress();
    /// @notice A page size of zero was asked for.
    error ZeroLimit();

    /// @notice The patient authorized a requester to search their index.
    event RequesterAdded(address indexed patient, address indexed requester);
    /// @notice The patient withdrew a requester's authorization.
    event RequesterRemoved(address indexed patient, address indexed requester);
    /// @notice The patient appended a batch of masked entries.
    event EntriesAdded(address indexed patient, uint256 count);
    /// @notice The patient published its search key, wrapped under a CP-ABE policy, at `keyRef`.
    event SearchKeyPublished(address indexed patient, bytes32 policyHash, bytes keyRef);
    /// @notice An authorized requester searched: the audit record of seed 001's Test step.
    /// @param tokenHash keccak256 of the token, so repeated searches can be correlated in the audit trail.
    event SearchPerformed(
        address indexed patient, address indexed requester, bytes32 tokenHash, uint256 offset, uint256 count
    );

    /// @notice Authorizes `requester` to search the caller's index (seed 001's addRequester).
    /// @param requester The requester to authorize.
    function addRequester(address requester) external;

    /// @notice Authorizes several requesters in one transaction.
    /// @param requesters The requesters to authorize; none may be authorized already.
    function addRequesters(address[] calldata requesters) external;

    /// @notice Withdraws `requester`'s authorization on the caller's index.
    /// @param requester The requester to remove.
    function removeRequester(address requester) external;

    /// @notice Withdraws several requesters' authorizations.
    /// @param requesters The requesters to remove; each must be authorized.
    function removeRequesters(address[] calldata requesters) external;

    /// @notice Appends masked entries to the caller's index (seed 001's Index-Gen output).
    /// @param labels The entries' labels; each must be unused.
    /// @param values The masked entries, none zero.
    function addEntries(bytes32[] calldata labels, bytes32[] calldata values) external;

    /// @notice Records where the caller's search key, wrapped under a CP-ABE policy, can be fetched.
    /// @param policyHash keccak256 of the policy text.
    /// @param keyRef CID of the wrapped search key.
    function publishSearchKey(bytes32 policyHash, bytes calldata keyRef) external;

    /// @notice Searches `patient`'s index with `token` and records the search on chain.
    /// @dev Only authorized, active requesters. Returns up to `limit` entries (at most 1,024) from
    /// position `offset`; call again while `more` is true, so results page past any gas limit.
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
    /// @param patient Whose index to read.
    /// @param token The keyword's label key.
    /// @param offset Position of the first entry.
    /// @param limit Most entries to return; not zero.
    function entries(address patient, bytes32 token, uint256 offset, uint256 limit)
        external
        view
        returns (bytes32[] memory values, bool more);

    /// @notice The masked value stored under `label` in `patient`'s index (zero if none).
    function entryAt(address patient, bytes32 label) external view returns (bytes32);

    /// @notice Whether `requester` may search `patient`'s index.
    function isRequester(address patient, address requester) external view returns (bool);

    /// @notice The label of the `i`-th entry for `token`: keccak256(abi.encodePacked(token, i)).
    function labelAt(bytes32 token, uint256 i) external pure returns (bytes32);
}
