// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IRegistry} from "./IRegistry.sol";

/// @title IProxyNetwork
/// @notice Committees of enrolled proxy nodes and their distributed key generation, with the chain
/// as the broadcast channel (docs/trust.md). The admin creates a committee from active `Proxy`
/// participants and a threshold t; then, within block deadlines, each member registers its DKG
/// public key, deals (Feldman commitments, one ephemeral point with a proof of knowledge of its
/// logarithm, and one masked share per member), complains about a
/// bad share with the decryption key of that one share and a DLEQ proof, and confirms the
/// committee's public key with the hash of the members' public shares. The committee is Active
/// once a quorum of max(t, ⌊n/2⌋ + 1) members confirmed the same key and hash.
/// @dev Every byte format below is docs/trust.md's "DKG on chain"; crypto/dkg produces and reads
/// them. The contract checks lengths, who may act and when, and that registered and confirmed
/// keys are points of the curve; the shares and complaints are checked by the members, who all
/// read the same log. Members are numbered 1 to n in the order the admin listed them; share
/// indices, bit i − 1 of every member mask, and the grants' member masks use the same numbers.
interface IProxyNetwork {
    /// @notice Where a committee stands; derived from its progress and the block number.
    enum CommitteeStatus {
        None,
        Registering,
        Dealing,
        Complaining,
        Confirming,
        Active,
        Failed,
        Retired
    }

    /// @notice A committee.
    /// @param size n, the number of members (1 to 16).
    /// @param threshold t: any t members' shares reconstruct, t − 1 learn nothing.
    /// @param quorum Confirmations of one transcript that activate the committee: max(t, ⌊n/2⌋ + 1).
    /// @param active Whether a quorum confirmed.
    /// @param retired Whether the admin retired the committee (no new grants should name it).
    /// @param keyMask Members that registered their DKG key (bit i − 1 for member i).
    /// @param dealMask Members that dealt.
    /// @param confirmMask Members that confirmed a transcript (any).
    /// @param keyDeadline Last block for registering DKG keys.
    /// @param dealDeadline Last block for dealing.
    /// @param complaintDeadline Last block for complaints.
    /// @param confirmDeadline Last block for confirmations.
    /// @param sharesHash keccak256 of the members' public shares X_1 ‖ … ‖ X_n (33 bytes each), once active.
    /// @param publicKey The committee's public key Y (33-byte compressed point), once active.
    struct Committee {
        uint8 size;
        uint8 threshold;
        uint8 quorum;
        bool active;
        bool retired;
        uint16 keyMask;
        uint16 dealMask;
        uint16 confirmMask;
        uint64 keyDeadline;
        uint64 dealDeadline;
        uint64 complaintDeadline;
        uint64 confirmDeadline;
        bytes32 sharesHash;
        bytes publicKey;
    }

    /// @notice The caller is not the registry's admin.
    error NotAdmin();
    /// @notice The committee's size must be 1 to 16 and its threshold 1 to its size.
    error InvalidCommittee(uint256 size, uint8 threshold);
    /// @notice A phase must last 1 to `MAX_PHASE_BLOCKS` blocks.
    error InvalidPhase(uint64 phaseBlocks);
    /// @notice An account is listed twice.
    error DuplicateMember(address account);
    /// @notice The account is not an active participant with the Proxy role.
    error NotActiveProxy(address account);
    /// @notice No committee has this id.
    error UnknownCommittee(uint64 committeeId);
    /// @notice The account is not a member of the committee.
    error NotMember(uint64 committeeId, address account);
    /// @notice The committee is not in a state that allows this step.
    error WrongPhase(uint64 committeeId, CommitteeStatus status);
    /// @notice The member has registered its DKG key already.
    error AlreadyRegistered(uint64 committeeId, uint8 member);
    /// @notice The member has dealt already.
    error AlreadyDealt(uint64 committeeId, uint8 member);
    /// @notice The member has complained about this dealer already.
    error AlreadyComplained(uint64 committeeId, uint8 member, uint8 dealer);
    /// @notice The member has confirmed already.
    error AlreadyConfirmed(uint64 committeeId, uint8 member);
    /// @notice The dealer is not another member that has dealt.
    error InvalidDealer(uint64 committeeId, uint8 dealer);
    /// @notice A key is not a compressed point of secp256k1.
    error InvalidPoint();
    /// @notice An encoding has the wrong length.
    error InvalidLength(uint256 length, uint256 expected);
    /// @notice The shares hash is zero.
    error EmptySharesHash();
    /// @notice The public shares given do not hash to the committee's shares hash.
    error SharesMismatch(uint64 committeeId);
    /// @notice The member index is not 1 to the committee's size.
    error InvalidMember(uint64 committeeId, uint8 member);

    /// @notice The admin created a committee; its members now register their DKG keys.
    /// @param committeeId The new committee.
    /// @param admin The admin who created it.
    /// @param members The members; member i is `members[i − 1]`.
    /// @param threshold t.
    /// @param quorum Confirmations of one transcript needed to activate it.
    /// @param keyDeadline Last block for registering DKG keys.
    /// @param dealDeadline Last block for dealing.
    /// @param complaintDeadline Last block for complaints.
    /// @param confirmDeadline Last block for confirmations.
    event CommitteeCreated(
        uint64 indexed committeeId,
        address indexed admin,
        address[] members,
        uint8 threshold,
        uint8 quorum,
        uint64 keyDeadline,
        uint64 dealDeadline,
        uint64 complaintDeadline,
        uint64 confirmDeadline
    );
    /// @notice A member registered the public key its DKG shares are encrypted to.
    /// @param committeeId The committee.
    /// @param node The member's account.
    /// @param member The member's index.
    /// @param key Its DKG public key, a 33-byte compressed point.
    event DkgKeyRegistered(uint64 indexed committeeId, address indexed node, uint8 member, bytes key);
    /// @notice A member dealt: its Feldman commitments, its ephemeral point with a proof of
    /// knowledge of its logarithm, and one masked share per member.
    /// @param committeeId The committee.
    /// @param node The dealer's account.
    /// @param member The dealer's index.
    /// @param commitments t compressed points C_0 ‖ … ‖ C_{t−1} (33 bytes each).
    /// @param shares R (33 bytes) ‖ proof of knowledge of log_G R (64 bytes) ‖ masked shares for members 1 to n (32 bytes each).
    event DealPublished(
        uint64 indexed committeeId, address indexed node, uint8 member, bytes commitments, bytes shares
    );
    /// @notice A member complained that a dealer's share for it is wrong, publishing that one share's key.
    /// @param committeeId The committee.
    /// @param node The complaining member's account.
    /// @param member The complaining member's index.
    /// @param dealer The index of the dealer complained about.
    /// @param sharedPoint The shared point (33 bytes) that decrypts the dealer's share for this member.
    /// @param proof A 64-byte DLEQ proof (c ‖ s) that the shared point matches the member's DKG key.
    event ComplaintFiled(
        uint64 indexed committeeId,
        address indexed node,
        uint8 member,
        uint8 dealer,
        bytes sharedPoint,
        bytes proof
    );
    /// @notice A member confirmed the DKG's outcome as it computed it.
    /// @param committeeId The committee.
    /// @param node The confirming member's account.
    /// @param member The confirming member's index.
    /// @param publicKey The committee's public key Y as this member computed it (33 bytes).
    /// @param sharesHash keccak256 of the members' public shares X_1 ‖ … ‖ X_n as this member computed them.
    event TranscriptConfirmed(
        uint64 indexed committeeId, address indexed node, uint8 member, bytes publicKey, bytes32 sharesHash
    );
    /// @notice A quorum confirmed the same transcript: the committee's key is fixed and it is Active.
    /// @param committeeId The committee.
    /// @param publicKey The committee's public key Y (33 bytes).
    /// @param sharesHash keccak256 of the members' public shares X_1 ‖ … ‖ X_n.
    /// @param confirmMask The members whose confirmations made the quorum.
    event CommitteeActivated(
        uint64 indexed committeeId, bytes publicKey, bytes32 sharesHash, uint16 confirmMask
    );
    /// @notice The admin retired a committee: new grants must not name it; open answers still complete.
    /// @param committeeId The committee.
    /// @param admin The admin who retired it.
    event CommitteeRetired(uint64 indexed committeeId, address indexed admin);

    /// @notice Creates a committee of active proxies with threshold t and starts its DKG. Admin only.
    /// @dev Deadlines follow at `phaseBlocks` intervals: keys until now + p, deals until + 2p,
    /// complaints until + 3p, confirmations until + 4p.
    /// @param members The members, at most 16, each an active `Proxy`; member i is `members[i − 1]`.
    /// @param threshold t, from 1 to the number of members.
    /// @param phaseBlocks The length of each DKG phase in blocks, 1 to `MAX_PHASE_BLOCKS`.
    /// @return committeeId The new committee's id (ids start at 1).
    function createCommittee(address[] calldata members, uint8 threshold, uint64 phaseBlocks)
        external
        returns (uint64 committeeId);

    /// @notice Registers the caller's DKG public key. Active member only, while Registering, once.
    /// @param committeeId The committee.
    /// @param key A 33-byte compressed point of secp256k1.
    function registerKey(uint64 committeeId, bytes calldata key) external;

    /// @notice Publishes the caller's deal. Active member only, while Dealing, once.
    /// @param committeeId The committee.
    /// @param commitments t compressed Feldman commitments (33 bytes each).
    /// @param shares R ‖ proof ‖ m_1 ‖ … ‖ m_n: the ephemeral point (33 bytes), a DLEQ proof of
    /// knowledge of its logarithm (64 bytes) and one masked share per member (32 bytes each),
    /// 97 + 32·n bytes. The contract checks only the length; members check the proof.
    function deal(uint64 committeeId, bytes calldata commitments, bytes calldata shares) external;

    /// @notice Complains about a dealer's share for the caller. Active member only, after the dealer
    /// dealt and until the complaint deadline, once per dealer.
    /// @param committeeId The committee.
    /// @param dealer Index of the dealer, another member that dealt.
    /// @param sharedPoint The 33-byte point that decrypts that share.
    /// @param proof The 64-byte DLEQ proof (c ‖ s) for the shared point.
    function complain(uint64 committeeId, uint8 dealer, bytes calldata sharedPoint, bytes calldata proof)
        external;

    /// @notice Confirms the committee's public key and public shares as the caller computed them.
    /// Active member only, after the complaint deadline and until the confirmation deadline, once.
    /// @dev Activates the committee when the quorum is reached for one (publicKey, sharesHash).
    /// @param committeeId The committee.
    /// @param publicKey The committee's public key Y, a 33-byte compressed point.
    /// @param sharesHash keccak256 of X_1 ‖ … ‖ X_n, each member's public share compressed (33 bytes).
    function confirm(uint64 committeeId, bytes calldata publicKey, bytes32 sharesHash) external;

    /// @notice Retires a committee: gates stop accepting new grants to it. Admin only.
    /// @param committeeId The committee.
    function retire(uint64 committeeId) external;

    /// @notice The participant registry.
    function registry() external view returns (IRegistry);

    /// @notice Number of committees created so far (ids start at 1).
    function committeeCount() external view returns (uint64);

    /// @notice A committee's parameters and progress (all zero if unknown).
    /// @param committeeId The committee.
    function committee(uint64 committeeId) external view returns (Committee memory);

    /// @notice Where a committee stands at this block.
    /// @param committeeId The committee.
    function status(uint64 committeeId) external view returns (CommitteeStatus);

    /// @notice A committee's members; member i is element i − 1.
    /// @param committeeId The committee.
    function members(uint64 committeeId) external view returns (address[] memory);

    /// @notice Member `index`'s account, or address(0).
    /// @param committeeId The committee.
    /// @param index The member's index, 1 to n.
    function memberAt(uint64 committeeId, uint8 index) external view returns (address);

    /// @notice `account`'s member index in the committee, or 0 when it is not a member. O(1).
    /// @param committeeId The committee.
    /// @param account The account.
    function memberIndex(uint64 committeeId, address account) external view returns (uint8);

    /// @notice Whether `account` is member `index` of the committee and an active `Proxy` now.
    /// @param committeeId The committee.
    /// @param index The member's index, 1 to n.
    /// @param account The account.
    function isActiveMember(uint64 committeeId, uint8 index, address account) external view returns (bool);

    /// @notice t of the committee (0 if unknown).
    /// @param committeeId The committee.
    function threshold(uint64 committeeId) external view returns (uint8);

    /// @notice The committee's public key Y (empty until active).
    /// @param committeeId The committee.
    function publicKey(uint64 committeeId) external view returns (bytes memory);

    /// @notice keccak256 of the members' public shares X_1 ‖ … ‖ X_n (zero until active).
    /// @param committeeId The committee.
    function sharesHash(uint64 committeeId) external view returns (bytes32);

    /// @notice Member `index`'s public share X_index, after checking `shares` against the sharesHash.
    /// @dev For gates that verify decryption shares: the caller supplies all n public shares.
    /// @param committeeId The committee.
    /// @param index The member's index, 1 to n.
    /// @param shares X_1 ‖ … ‖ X_n, 33 bytes each.
    /// @return x The share's x coordinate.
    /// @return y The share's y coordinate.
    function publicShare(uint64 committeeId, uint8 index, bytes calldata shares)
        external
        view
        returns (uint256 x, uint256 y);

    /// @notice Member `index`'s registered DKG public key (empty if none).
    /// @param committeeId The committee.
    /// @param index The member's index, 1 to n.
    function dkgKey(uint64 committeeId, uint8 index) external view returns (bytes memory);

    /// @notice keccak256(commitments ‖ shares) of member `index`'s deal (zero if none).
    /// @param committeeId The committee.
    /// @param index The dealer's index, 1 to n.
    function dealHash(uint64 committeeId, uint8 index) external view returns (bytes32);

    /// @notice The members that complained about dealer `index` (bit i − 1 for member i).
    /// @param committeeId The committee.
    /// @param index The dealer's index, 1 to n.
    function complaints(uint64 committeeId, uint8 index) external view returns (uint16);
}
