// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ThresholdAnswers} from "./ThresholdAnswers.sol";
import {IKeywordIndex} from "./interfaces/IKeywordIndex.sol";
import {IProxyNetwork} from "./interfaces/IProxyNetwork.sol";
import {IRegistry} from "./interfaces/IRegistry.sol";
import {Dleq} from "./libraries/Dleq.sol";
import {Secp256k1} from "./libraries/Secp256k1.sol";

/// @title KeywordIndex
/// @notice Every patient's encrypted keyword index, its authorized requesters, its per-epoch index
/// keys held by a committee, and the audited token requests the committee answers.
contract KeywordIndex is IKeywordIndex, ThresholdAnswers {
    /// @dev The most entries one call returns: a page is allocated before its entries are
    /// counted, so an unbounded `limit` would spend the caller's gas on memory (or overflow).
    uint256 internal constant MAX_PAGE = 1024;
    /// @dev A SEC 1 compressed secp256k1 point.
    uint256 internal constant POINT_LENGTH = 33;
    string internal constant ANSWER_LABEL = "emrchain/index-token/v1";
    /// @inheritdoc IKeywordIndex
    bytes32 public constant REMOVED_ENTRY = bytes32(uint256(1));

    IRegistry public immutable registry;

    uint64 public tokenRequestCount;
    mapping(address patient => mapping(address requester => bool)) public isRequester;
    mapping(address patient => mapping(bytes32 label => bytes32 value)) public entryAt;
    mapping(address patient => uint32) public epochOf;
    mapping(address patient => mapping(uint32 epoch => IndexKey)) internal _keys;
    mapping(uint64 requestId => TokenRequest) internal _tokenRequests;

    modifier onlyActivePatient() {
        if (!registry.isActive(msg.sender, IRegistry.Role.Patient)) revert PatientNotActive(msg.sender);
        _;
    }

    /// @param registry_ The participant registry.
    /// @param network_ The proxy network whose committees hold the index keys.
    constructor(IRegistry registry_, IProxyNetwork network_) ThresholdAnswers(network_) {
        registry = registry_;
    }

    /// @inheritdoc IKeywordIndex
    function registerIndexKey(
        uint64 committeeId,
        uint8 threshold,
        uint16 memberMask,
        bytes32 bundleHash,
        bytes calldata bundleRef,
        bytes calldata commitments
    ) external onlyActivePatient returns (uint32 epoch) {
        if (committeeId == 0 || bundleHash == bytes32(0) || bundleRef.length == 0) {
            revert EmptyField();
        }
        {
            uint256 members = _popcount(memberMask);
            if (threshold == 0 || threshold > members) revert InvalidThreshold(threshold, memberMask);
            if (commitments.length != members * POINT_LENGTH) {
                revert InvalidCommitments(commitments.length, members);
            }
        }
        _checkCommittee(committeeId, memberMask);
        epoch = _keyEpoch();
        bytes32 commitment = indexKeyCommitment(
            bundleHash, commitments, msg.sender, epoch, committeeId, threshold, memberMask
        );
        _keys[msg.sender][epoch] = IndexKey({
            committeeId: committeeId, memberMask: memberMask, threshold: threshold, commitment: commitment
        });
        emit IndexKeyRegistered(
            msg.sender, epoch, committeeId, threshold, memberMask, bundleHash, bundleRef, commitments
        );
    }

    /// @inheritdoc IKeywordIndex
    function addRequester(address requester) external onlyActivePatient {
        _addRequester(requester);
    }

    /// @inheritdoc IKeywordIndex
    function addRequesters(address[] calldata requesters) external onlyActivePatient {
        if (requesters.length == 0) revert LengthMismatch();
        for (uint256 i; i < requesters.length; ++i) {
            _addRequester(requesters[i]);
        }
    }

    /// @inheritdoc IKeywordIndex
    function removeRequester(address requester) external onlyActivePatient {
        uint32 epoch = _nextEpoch();
        _removeRequester(requester, epoch);
    }

    /// @inheritdoc IKeywordIndex
    function removeRequesters(address[] calldata requesters) external onlyActivePatient {
        if (requesters.length == 0) revert LengthMismatch();
        uint32 epoch = _nextEpoch();
        for (uint256 i; i < requesters.length; ++i) {
            _removeRequester(requesters[i], epoch);
        }
    }

    /// @inheritdoc IKeywordIndex
    function addEntries(uint32 epoch, bytes32[] calldata labels, bytes32[] calldata values)
        external
        onlyActivePatient
    {
        uint256 n = labels.length;
        if (n == 0 || n != values.length) revert LengthMismatch();
        uint32 current = epochOf[msg.sender];
        if (epoch != current) revert WrongEpoch(epoch, current);
        if (_keys[msg.sender][epoch].threshold == 0) revert NoIndexKey(msg.sender, epoch);
        mapping(bytes32 => bytes32) storage index = entryAt[msg.sender];
        for (uint256 i; i < n; ++i) {
            bytes32 value = values[i];
            if (value == bytes32(0)) revert ZeroValue(i);
            bytes32 label = labels[i];
            // The cold read is paid by the store below anyway, so refusing overwrites is nearly free.
            if (index[label] != bytes32(0)) revert LabelTaken(label);
            index[label] = value;
        }
        emit EntriesAdded(msg.sender, epoch, n);
    }

    /// @inheritdoc IKeywordIndex
    function removeEntries(bytes32[] calldata labels) external onlyActivePatient {
        uint256 n = labels.length;
        if (n == 0) revert LengthMismatch();
        mapping(bytes32 => bytes32) storage index = entryAt[msg.sender];
        for (uint256 i; i < n; ++i) {
            bytes32 label = labels[i];
            bytes32 value = index[label];
            if (value == bytes32(0) || value == REMOVED_ENTRY) revert NoEntry(label);
            // Not zero: an empty slot ends a search's walk, and would hide the entries after it.
            index[label] = REMOVED_ENTRY;
        }
        emit EntriesRemoved(msg.sender, n);
    }

    /// @inheritdoc IKeywordIndex
    function requestToken(address patient, uint32 epoch, bytes calldata blindedPoint)
        external
        returns (uint64 requestId)
    {
        IRegistry.Role role = _authorizedRequester(patient);
        if (blindedPoint.length != POINT_LENGTH) revert InvalidBlindedPoint(blindedPoint.length);
        if (epoch > epochOf[patient] || _keys[patient][epoch].threshold == 0) {
            revert NoIndexKey(patient, epoch);
        }

        requestId = ++tokenRequestCount;
        _tokenRequests[requestId] = TokenRequest({
            requester: msg.sender,
            epoch: epoch,
            requesterRole: uint8(role),
            patient: patient,
            blindedHash: keccak256(blindedPoint)
        });
        emit TokenRequested(requestId, patient, msg.sender, epoch, blindedPoint);
    }

    /// @inheritdoc IKeywordIndex
    function search(address patient, bytes32 token, uint256 offset, uint256 limit)
        external
        returns (bytes32[] memory values, bool more)
    {
        _authorizedRequester(patient);
        (values, more) = _page(patient, token, offset, limit);
        emit SearchPerformed(patient, msg.sender, keccak256(abi.encode(token)), offset, values.length);
    }

    /// @inheritdoc IKeywordIndex
    function entries(address patient, bytes32 token, uint256 offset, uint256 limit)
        external
        view
        returns (bytes32[] memory values, bool more)
    {
        return _page(patient, token, offset, limit);
    }

    /// @inheritdoc IKeywordIndex
    function indexKeyCommitment(
        bytes32 bundleHash,
        bytes memory commitments,
        address patient,
        uint32 epoch,
        uint64 committeeId,
        uint8 threshold,
        uint16 memberMask
    ) public pure returns (bytes32) {
        return keccak256(
            abi.encode(bundleHash, keccak256(commitments), patient, epoch, committeeId, threshold, memberMask)
        );
    }

    /// @inheritdoc IKeywordIndex
    function answerContext(uint64 requestId, uint8 member) public view returns (bytes32) {
        return keccak256(
            abi.encode(ANSWER_LABEL, block.chainid, address(this), uint256(requestId), uint256(member))
        );
    }

    /// @inheritdoc IKeywordIndex
    function checkTokenRequest(uint64 requestId) external view returns (bool live, bytes4 err) {
        TokenRequest storage q = _tokenRequests[requestId];
        if (q.requester == address(0)) return (false, UnknownAccess.selector);
        bytes memory e = _tokenError(q);
        if (e.length == 0) return (true, bytes4(0));
        return (false, bytes4(e));
    }

    /// @inheritdoc IKeywordIndex
    function indexKey(address patient, uint32 epoch) external view returns (IndexKey memory) {
        return _keys[patient][epoch];
    }

    /// @inheritdoc IKeywordIndex
    function tokenRequest(uint64 requestId) external view returns (TokenRequest memory) {
        return _tokenRequests[requestId];
    }

    /// @inheritdoc IKeywordIndex
    function labelAt(bytes32 token, uint256 i) public pure returns (bytes32 label) {
        assembly ("memory-safe") {
            mstore(0x00, token)
            mstore(0x20, i)
            label := keccak256(0x00, 0x40)
        }
    }

    // ------------------------------------------------------------ answer hooks

    function _answerTerms(uint64 requestId) internal view override returns (AnswerTerms memory terms) {
        TokenRequest storage q = _tokenRequests[requestId];
        address requester = q.requester;
        if (requester == address(0)) return terms;
        IndexKey storage k = _keys[q.patient][q.epoch];
        terms = AnswerTerms({
            committeeId: k.committeeId,
            requestId: requestId,
            requester: requester,
            memberMask: k.memberMask,
            threshold: k.threshold
        });
    }

    function _answerLiveness(uint64 requestId, AnswerTerms memory)
        internal
        view
        override
        returns (bytes memory)
    {
        return _tokenError(_tokenRequests[requestId]);
    }

    /// @dev `statement` = abi.encode(commitments, bundleHash, blindedPoint), checked against the
    /// epoch key's commitment and the request's blinded point.
    function _faultStatement(
        uint64 requestId,
        AnswerTerms memory terms,
        uint8 member,
        bytes calldata statement
    ) internal view override returns (Dleq.Point memory p, Dleq.Point memory h, bytes32 context) {
        (bytes memory commitments, bytes memory blindedPoint) = _checkedStatement(requestId, terms, statement);
        // The member's commitment is its position among the key's members, in member order.
        p = _point(requestId, commitments, _popcount(terms.memberMask & (_bit(member) - 1)) * POINT_LENGTH);
        h = _point(requestId, blindedPoint, 0);
        context = answerContext(requestId, member);
    }

    /// @dev Decodes a fault report's statement and checks it against the epoch key and the request.
    function _checkedStatement(uint64 requestId, AnswerTerms memory terms, bytes calldata statement)
        private
        view
        returns (bytes memory commitments, bytes memory blindedPoint)
    {
        bytes32 bundleHash;
        (commitments, bundleHash, blindedPoint) = abi.decode(statement, (bytes, bytes32, bytes));
        TokenRequest storage q = _tokenRequests[requestId];
        IndexKey storage k = _keys[q.patient][q.epoch];
        bytes32 commitment = indexKeyCommitment(
            bundleHash, commitments, q.patient, q.epoch, terms.committeeId, terms.threshold, terms.memberMask
        );
        if (commitment != k.commitment || keccak256(blindedPoint) != q.blindedHash) {
            revert StatementMismatch(requestId);
        }
    }

    function _afterFulfilled(uint64 requestId, AnswerTerms memory terms, uint16 commitMask)
        internal
        override
    {
        emit TokenAnswered(requestId, _tokenRequests[requestId].patient, terms.requester, commitMask);
    }

    function _afterRejected(uint64 requestId, AnswerTerms memory terms, bytes4 reason) internal override {
        emit TokenRejected(requestId, _tokenRequests[requestId].patient, terms.requester, reason);
    }

    function _afterFaulted(uint64 requestId, AnswerTerms memory, uint8 member, address node)
        internal
        override
    {
        emit TokenFaulted(requestId, _tokenRequests[requestId].patient, member, node);
    }

    /// @dev What must still hold for a token request to be answered: the requester on the list,
    /// active, in the role it asked with.
    function _tokenError(TokenRequest storage q) private view returns (bytes memory) {
        address requester = q.requester;
        address patient = q.patient;
        if (!isRequester[patient][requester]) {
            return abi.encodeWithSelector(RequesterDelisted.selector, patient, requester);
        }
        (IRegistry.Role role, IRegistry.Status status) = registry.roleOf(requester);
        if (status != IRegistry.Status.Active) {
            return abi.encodeWithSelector(RequesterNotActive.selector, requester);
        }
        if (uint8(role) != q.requesterRole) return abi.encodeWithSelector(RoleChanged.selector, requester);
        return "";
    }

    /// @dev The compressed point at `offset` of `data`, decompressed.
    function _point(uint64 requestId, bytes memory data, uint256 offset)
        private
        view
        returns (Dleq.Point memory)
    {
        if (offset + POINT_LENGTH > data.length) revert InvalidStatement(requestId);
        bytes memory encoded = new bytes(POINT_LENGTH);
        for (uint256 i; i < POINT_LENGTH; ++i) {
            encoded[i] = data[offset + i];
        }
        (bool ok, uint256 x, uint256 y) = Secp256k1.decompress(encoded);
        if (!ok) revert InvalidStatement(requestId);
        return Dleq.Point(x, y);
    }

    // -------------------------------------------------------------- internals

    /// @dev The committee is active (not retired) and has every member the mask names: its
    /// highest-numbered one suffices, as members are numbered 1 to n.
    function _checkCommittee(uint64 committeeId, uint16 memberMask) private view {
        if (proxyNetwork.status(committeeId) != IProxyNetwork.CommitteeStatus.Active) {
            revert CommitteeNotActive(committeeId);
        }
        uint8 highest;
        for (uint16 m = memberMask; m != 0; m >>= 1) {
            ++highest;
        }
        if (proxyNetwork.memberAt(committeeId, highest) == address(0)) {
            revert UnknownMembers(committeeId, memberMask);
        }
    }

    /// @dev The caller is on `patient`'s list and an active requester or provider; returns its role.
    function _authorizedRequester(address patient) private view returns (IRegistry.Role role) {
        if (!isRequester[patient][msg.sender]) revert NotRequester(patient, msg.sender);
        IRegistry.Status status;
        (role, status) = registry.roleOf(msg.sender);
        if (
            status != IRegistry.Status.Active
                || (role != IRegistry.Role.Requester && role != IRegistry.Role.Provider)
        ) {
            revert RequesterNotActive(msg.sender);
        }
    }

    /// @dev The epoch a new key goes to: the current one while it has no key, else the next. A key is
    /// never replaced, so every entry's epoch names exactly one key.
    function _keyEpoch() private returns (uint32 epoch) {
        epoch = epochOf[msg.sender];
        if (epoch == 0 || _keys[msg.sender][epoch].threshold != 0) {
            epoch += 1;
            epochOf[msg.sender] = epoch;
        }
    }

    function _nextEpoch() private returns (uint32 epoch) {
        epoch = epochOf[msg.sender] + 1;
        epochOf[msg.sender] = epoch;
    }

    function _addRequester(address requester) private {
        if (requester == address(0)) revert ZeroAddress();
        mapping(address => bool) storage set = isRequester[msg.sender];
        if (set[requester]) revert AlreadyRequester(requester);
        set[requester] = true;
        emit RequesterAdded(msg.sender, requester);
    }

    function _removeRequester(address requester, uint32 epoch) private {
        mapping(address => bool) storage set = isRequester[msg.sender];
        if (!set[requester]) revert NotRequester(msg.sender, requester);
        set[requester] = false;
        emit RequesterRemoved(msg.sender, requester, epoch);
    }

    function _page(address patient, bytes32 token, uint256 offset, uint256 limit)
        private
        view
        returns (bytes32[] memory values, bool more)
    {
        if (limit == 0) revert ZeroLimit();
        if (limit > MAX_PAGE) limit = MAX_PAGE;
        mapping(bytes32 => bytes32) storage index = entryAt[patient];
        values = new bytes32[](limit);
        uint256 found;
        while (found < limit) {
            bytes32 value = index[labelAt(token, offset + found)];
            if (value == bytes32(0)) break;
            values[found] = value;
            ++found;
        }
        // One look past a full page tells the caller whether to ask again.
        more = found == limit && index[labelAt(token, offset + found)] != bytes32(0);
        assembly ("memory-safe") {
            mstore(values, found)
        }
    }
}
