package answer

import (
	"os"
	"regexp"
	"strconv"
	"testing"
)

// TestReasonsMatchSolidity reads Reasons.sol and checks every constant against ours, so the
// codes the oracle sends cannot drift from what the contracts define.
func TestReasonsMatchSolidity(t *testing.T) {
	src, err := os.ReadFile("../../solidity/src/libraries/Reasons.sol")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`uint8 internal constant ([A-Z_]+) = (\d+);`)
	found := 0
	for _, m := range re.FindAllStringSubmatch(string(src), -1) {
		v, err := strconv.Atoi(m[2])
		if err != nil {
			t.Fatal(err)
		}
		if m[1] == "MAX" {
			if Reason(v) != MaxReason {
				t.Fatalf("MAX is %d in Solidity, %d here", v, MaxReason)
			}
			continue
		}
		found++
		if got := Reason(v).String(); got != m[1] {
			t.Fatalf("Solidity %s = %d, but %d is %s here", m[1], v, v, got)
		}
	}
	if found != int(MaxReason) {
		t.Fatalf("Solidity defines %d reasons, we define %d", found, MaxReason)
	}
}

func TestAnswer(t *testing.T) {
	if Fulfil([32]byte{1}, []byte{1}).Rejected() {
		t.Fatal("a fulfilment reports rejected")
	}
	r := Reject(GrantNotLive, "revoked")
	if !r.Rejected() || r.Reason.String() != "GRANT_NOT_LIVE" {
		t.Fatalf("reject: %+v", r)
	}
	if Reason(0).String() != "Reason(0)" || Reason(11).String() != "Reason(11)" {
		t.Fatal("undefined reasons must not get names")
	}
}
