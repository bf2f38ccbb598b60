// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IProxyNetwork} from "./interfaces/IProxyNetwork.sol";
import {IRegistry} from "./interfaces/IRegistry.sol";
import {Secp256k1} from "./libraries/Secp256k1.sol";

/// @title ProxyNetwork
/// @notice Committees of enrolled proxy nodes and their Joint-Feldman DKG over the chain.
contract ProxyNetwork is IProxyNetwork {
    /// @notice Largest committee: member masks are 16 bits, as crypto/shamir's share indices allow.
    uint256 public constant MAX_MEMBERS = 16;
    /// @notice Longest DKG phase, in blocks.
    uint64 public constant MAX_PHASE_BLOCKS = 1_000_000;
    /// @notice A compressed secp256k1 point.
    uint256 public constant POINT_LENGTH = 33;
    /// @notice A DLEQ proof: c ‖ s.
    uint256 public constant PROOF_LENGTH = 64;
    /// @notice One masked share of a deal (a scalar masked with a key derived from the deal's
    /// ephemeral point and the member's DKG key).
    uint256 public constant MASKED_SHARE_LENGTH = 32;

    /// @inheritdoc IProxyNetwork
    IRegistry public immutable registry;

    /// @inheritdoc IProxyNetwork
    uint64 public committeeCount;

    mapping(uint64 committeeId => Committee) internal _committees;
    /// @dev Member accounts keyed by committeeId << 8 | index, one hash per lookup.
    mapping(uint256 slot => address) internal _memberAt;
    mapping(uint64 committeeId => mapping(address account => uint8 index)) internal _memberIndex;
    mapping(uint256 slot => bytes) internal _dkgKeys;
    mapping(uint256 slot => bytes32) internal _dealHashes;
    /// @dev Per dealer, the members that complained about it.
    mapping(uint256 slot => uint16) internal _complaints;
    /// @dev Per committee and transcript (keccak256 of publicKey ‖ sharesHash), who confirmed it.
    mapping(uint64 committeeId => mapping(bytes32 transcript => uint16 mask)) internal _votes;

    /// @param registry_ The participant registry: its admin creates committees, its proxies serve.
    constructor(IRegistry registry_) {
        registry = registry_;
    }

    modifier onlyAdmin() {
        if (msg.sender != registry.admin()) revert NotAdmin();
        _;
    }

    /// @inheritdoc IProxyNetwork
    function createCommittee(address[] calldata members_, uint8 threshold_, uint64 phaseBlocks)
        external
        onlyAdmin
        returns (uint64 committeeId)
    {
        uint256 n = members_.length;
        if (n == 0 || n > MAX_MEMBERS || threshold_ == 0 || threshold_ > n) {
            revert InvalidCommittee(n, threshold_);
        }
        if (phaseBlocks == 0 || phaseBlocks > MAX_PHASE_BLOCKS) revert InvalidPhase(phaseBlocks);

        committeeId = ++committeeCount;
        for (uint256 i; i < n; ++i) {
            address account = members_[i];
            if (!registry.isActive(account, IRegistry.Role.Proxy)) revert NotActiveProxy(account);
            if (_memberIndex[committeeId][account] != 0) revert DuplicateMember(account);
            _memberIndex[committeeId][account] = uint8(i + 1);
            _memberAt[_slot(committeeId, uint8(i + 1))] = account;
        }

        Committee storage c = _committees[committeeId];
        c.size = uint8(n);
        c.threshold = threshold_;
        uint256 majority = n / 2 + 1;
        c.quorum = uint8(majority > threshold_ ? majority : threshold_);
        uint64 start = uint64(block.number);
        c.keyDeadline = start + phaseBlocks;
        c.dealDeadline = start + 2 * phaseBlocks;
        c.complaintDeadline = start + 3 * phaseBlocks;
        c.confirmDeadline = start + 4 * phaseBlocks;
        emit CommitteeCreated(
            committeeId,
            msg.sender,
            members_,
            threshold_,
            c.quorum,
            c.keyDeadline,
            c.dealDeadline,
            c.complaintDeadline,
            c.confirmDeadline
        );
    }

    /// @inheritdoc IProxyNetwork
    function registerKey(uint64 committeeId, bytes calldata key) external {
        (Committee storage c, uint8 member) = _activeMember(committeeId);
        _requireStatus(committeeId, c, CommitteeStatus.Registering);
        uint16 bit = _bit(member);
        if (c.keyMask & bit != 0) revert AlreadyRegistered(committeeId, member);
        _requirePoint(key);

        c.keyMask |= bit;
        _dkgKeys[_slot(committeeId, member)] = key;
        emit DkgKeyRegistered(committeeId, msg.sender, member, key);
    }

    /// @inheritdoc IProxyNetwork
    function deal(uint64 committeeId, bytes calldata commitments, bytes calldata shares) external {
        (Committee storage c, uint8 member) = _activeMember(committeeId);
        _requireStatus(committeeId, c, CommitteeStatus.Dealing);
        uint16 bit = _bit(member);
        if (c.dealMask & bit != 0) revert AlreadyDealt(committeeId, member);
        uint256 wantCommitments = uint256(c.threshold) * POINT_LENGTH;
        if (commitments.length != wantCommitments) revert InvalidLength(commitments.length, wantCommitments);
        // R ‖ proof of knowledge of log R ‖ n masked shares: without the proof a dealer could reuse
        // another deal's R and turn honest complaints into published shares (docs/trust.md).
        uint256 wantShares = POINT_LENGTH + PROOF_LENGTH + uint256(c.size) * MASKED_SHARE_LENGTH;
        if (shares.length != wantShares) revert InvalidLength(shares.length, wantShares);

        c.dealMask |= bit;
        _dealHashes[_slot(committeeId, member)] = keccak256(abi.encodePacked(commitments, shares));
        emit DealPublished(committeeId, msg.sender, member, commitments, shares);
    }

    /// @inheritdoc IProxyNetwork
    function complain(uint64 committeeId, uint8 dealer, bytes calldata sharedPoint, bytes calldata proof)
        external
    {
        (Committee storage c, uint8 member) = _activeMember(committeeId);
        CommitteeStatus s = _status(c);
        if (s != CommitteeStatus.Dealing && s != CommitteeStatus.Complaining) {
            revert WrongPhase(committeeId, s);
        }
        if (dealer == 0 || dealer > c.size || dealer == member || c.dealMask & _bit(dealer) == 0) {
            revert InvalidDealer(committeeId, dealer);
        }
        uint256 slot = _slot(committeeId, dealer);
        uint16 complainers = _complaints[slot];
        uint16 bit = _bit(member);
        if (complainers & bit != 0) revert AlreadyComplained(committeeId, member, dealer);
        if (sharedPoint.length != POINT_LENGTH) revert InvalidLength(sharedPoint.length, POINT_LENGTH);
        if (proof.length != PROOF_LENGTH) revert InvalidLength(proof.length, PROOF_LENGTH);

        _complaints[slot] = complainers | bit;
        emit ComplaintFiled(committeeId, msg.sender, member, dealer, sharedPoint, proof);
    }

    /// @inheritdoc IProxyNetwork
    function confirm(uint64 committeeId, bytes calldata publicKey_, bytes32 sharesHash_) external {
        (Committee storage c, uint8 member) = _activeMember(committeeId);
        CommitteeStatus s = _status(c);
        // A member whose confirmation arrives after the quorum may still record its view.
        bool late = s == CommitteeStatus.Active && block.number <= c.confirmDeadline;
        if (s != CommitteeStatus.Confirming && !late) revert WrongPhase(committeeId, s);
        uint16 bit = _bit(member);
        if (c.confirmMask & bit != 0) revert AlreadyConfirmed(committeeId, member);
        if (sharesHash_ == bytes32(0)) revert EmptySharesHash();
        _requirePoint(publicKey_);

        bytes32 transcript = keccak256(abi.encodePacked(publicKey_, sharesHash_));
        uint16 votes = _votes[committeeId][transcript] | bit;
        _votes[committeeId][transcript] = votes;
        c.confirmMask |= bit;
        emit TranscriptConfirmed(committeeId, msg.sender, member, publicKey_, sharesHash_);
        if (!c.active && _popcount(votes) >= c.quorum) {
            c.active = true;
            c.publicKey = publicKey_;
            c.sharesHash = sharesHash_;
            emit CommitteeActivated(committeeId, publicKey_, sharesHash_, votes);
        }
    }

    /// @inheritdoc IProxyNetwork
    function retire(uint64 committeeId) external onlyAdmin {
        Committee storage c = _committee(committeeId);
        if (c.retired) revert WrongPhase(committeeId, CommitteeStatus.Retired);
        c.retired = true;
        emit CommitteeRetired(committeeId, msg.sender);
    }

    /// @inheritdoc IProxyNetwork
    function committee(uint64 committeeId) external view returns (Committee memory) {
        return _committees[committeeId];
    }

    /// @inheritdoc IProxyNetwork
    function status(uint64 committeeId) external view returns (CommitteeStatus) {
        return _status(_committees[committeeId]);
    }

    /// @inheritdoc IProxyNetwork
    function members(uint64 committeeId) external view returns (address[] memory list) {
        uint8 n = _committees[committeeId].size;
        list = new address[](n);
        for (uint8 i; i < n; ++i) {
            list[i] = _memberAt[_slot(committeeId, i + 1)];
        }
    }

    /// @inheritdoc IProxyNetwork
    function memberAt(uint64 committeeId, uint8 index) external view returns (address) {
        return _memberAt[_slot(committeeId, index)];
    }

    /// @inheritdoc IProxyNetwork
    function memberIndex(uint64 committeeId, address account) external view returns (uint8) {
        return _memberIndex[committeeId][account];
    }

    /// @inheritdoc IProxyNetwork
    function isActiveMember(uint64 committeeId, uint8 index, address account) external view returns (bool) {
        return account != address(0) && _memberAt[_slot(committeeId, index)] == account
            && registry.isActive(account, IRegistry.Role.Proxy);
    }

    /// @inheritdoc IProxyNetwork
    function threshold(uint64 committeeId) external view returns (uint8) {
        return _committees[committeeId].threshold;
    }

    /// @inheritdoc IProxyNetwork
    function publicKey(uint64 committeeId) external view returns (bytes memory) {
        return _committees[committeeId].publicKey;
    }

    /// @inheritdoc IProxyNetwork
    function sharesHash(uint64 committeeId) external view returns (bytes32) {
        return _committees[committeeId].sharesHash;
    }

    /// @inheritdoc IProxyNetwork
    function publicShare(uint64 committeeId, uint8 index, bytes calldata shares)
        external
        view
        returns (uint256 x, uint256 y)
    {
        Committee storage c = _committee(committeeId);
        if (!c.active) revert WrongPhase(committeeId, _status(c));
        if (index == 0 || index > c.size) revert InvalidMember(committeeId, index);
        uint256 want = uint256(c.size) * POINT_LENGTH;
        if (shares.length != want) revert InvalidLength(shares.length, want);
        if (keccak256(shares) != c.sharesHash) revert SharesMismatch(committeeId);
        uint256 at = (uint256(index) - 1) * POINT_LENGTH;
        bool ok;
        (ok, x, y) = Secp256k1.decompress(shares[at:at + POINT_LENGTH]);
        if (!ok) revert InvalidPoint();
    }

    /// @inheritdoc IProxyNetwork
    function dkgKey(uint64 committeeId, uint8 index) external view returns (bytes memory) {
        return _dkgKeys[_slot(committeeId, index)];
    }

    /// @inheritdoc IProxyNetwork
    function dealHash(uint64 committeeId, uint8 index) external view returns (bytes32) {
        return _dealHashes[_slot(committeeId, index)];
    }

    /// @inheritdoc IProxyNetwork
    function complaints(uint64 committeeId, uint8 index) external view returns (uint16) {
        return _complaints[_slot(committeeId, index)];
    }

    // ---------------------------------------------------------------- internal

    function _committee(uint64 committeeId) internal view returns (Committee storage c) {
        c = _committees[committeeId];
        if (c.size == 0) revert UnknownCommittee(committeeId);
    }

    /// @dev The committee and the caller's index, after checking it is a member and an active proxy.
    function _activeMember(uint64 committeeId) internal view returns (Committee storage c, uint8 member) {
        c = _committee(committeeId);
        member = _memberIndex[committeeId][msg.sender];
        if (member == 0) revert NotMember(committeeId, msg.sender);
        if (!registry.isActive(msg.sender, IRegistry.Role.Proxy)) revert NotActiveProxy(msg.sender);
    }

    function _requireStatus(uint64 committeeId, Committee storage c, CommitteeStatus want) internal view {
        CommitteeStatus s = _status(c);
        if (s != want) revert WrongPhase(committeeId, s);
    }

    /// @dev Derived from progress and block number, so no transaction is needed to move a
    /// committee from one phase to the next or to fail it.
    function _status(Committee storage c) internal view returns (CommitteeStatus) {
        uint8 n = c.size;
        if (n == 0) return CommitteeStatus.None;
        if (c.retired) return CommitteeStatus.Retired;
        if (c.active) return CommitteeStatus.Active;
        uint256 b = block.number;
        if (c.keyMask != _full(n)) {
            return b <= c.keyDeadline ? CommitteeStatus.Registering : CommitteeStatus.Failed;
        }
        if (b <= c.dealDeadline) return CommitteeStatus.Dealing;
        // Fewer than t dealers cannot give a key no t − 1 members know.
        if (_popcount(c.dealMask) < c.threshold) return CommitteeStatus.Failed;
        if (b <= c.complaintDeadline) return CommitteeStatus.Complaining;
        if (b <= c.confirmDeadline) return CommitteeStatus.Confirming;
        return CommitteeStatus.Failed;
    }

    function _requirePoint(bytes calldata key) internal view {
        if (key.length != POINT_LENGTH) revert InvalidLength(key.length, POINT_LENGTH);
        (bool ok,,) = Secp256k1.decompress(key);
        if (!ok) revert InvalidPoint();
    }

    function _slot(uint64 committeeId, uint8 index) internal pure returns (uint256) {
        return uint256(committeeId) << 8 | index;
    }

    function _bit(uint8 member) internal pure returns (uint16) {
        return uint16(1) << (member - 1);
    }

    function _full(uint8 n) internal pure returns (uint16) {
        return uint16((uint256(1) << n) - 1);
    }

    function _popcount(uint16 mask) internal pure returns (uint256 count) {
        for (uint256 m = mask; m != 0; m &= m - 1) {
            ++count;
        }
    }
}
