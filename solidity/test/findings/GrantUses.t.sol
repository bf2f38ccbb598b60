// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IAccessLedger} from "../../src/interfaces/IAccessLedger.sol";
import {GateFixture} from "../lib/GateFixture.sol";

/// @title GrantUsesFindingTest
/// @notice Security-review finding (fixed) against AccessLedger: a grant could be used without limit; this test guards the fix.
/// @dev `getAccess` had no limit per grant, so a grantee could make the proxies pay for unlimited
/// re-encryptions within the window. A grant now carries `maxUses` (the client's default is one, as
/// seed 000's token is spent once) and shows the uses left.
contract GrantUsesFindingTest is GateFixture {
    function test_getAccess_spendsTheGrantsUses() public {
        (, uint64 requestId) = grantedRequest(); // one use
        assertEq(ledger.request(requestId).usesLeft, 1, "one use, visible");
        invoke(requester, requestId);
        assertEq(ledger.request(requestId).usesLeft, 0, "spent");
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.GrantUsedUp.selector, requestId));
        invoke(requester, requestId);
    }
}
