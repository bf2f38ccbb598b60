package service

// Point is a moment in answering a request at which a Hook runs. Tests use hooks to pause the
// oracle (to fork the chain under it) or to kill it, in a subprocess, exactly there.
type Point string

// The dangerous moments: after each one a crash must neither lose nor repeat an answer.
const (
	// PointApplied: a range's jobs and the new checkpoint are committed; nothing is answered.
	PointApplied Point = "applied"
	// PointWork: a worker took a job and is about to check it on chain.
	PointWork Point = "work"
	// PointRecorded: an answer transaction is signed and recorded; it is not yet broadcast.
	PointRecorded Point = "recorded"
	// PointBroadcast: the node accepted the transaction; its receipt is not yet seen.
	PointBroadcast Point = "broadcast"
	// PointMined: the receipt is confirmed; the jobs are not yet marked done.
	PointMined Point = "mined"
	// PointDealDrawn: a proxy node drew its DKG deal for a committee and kept it; nothing is
	// signed yet.
	PointDealDrawn Point = "deal-drawn"
	// PointDealRecorded: the deal's transaction is signed and recorded; it is not yet broadcast.
	PointDealRecorded Point = "deal-recorded"
)

// Hook is called at each Point. It runs on the oracle's own goroutines and may block.
type Hook func(Point)

func (h Hook) at(p Point) {
	if h != nil {
		h(p)
	}
}
