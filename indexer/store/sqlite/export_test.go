package sqlite

// SetRedecodeChunk makes the migration's redecoding read n logs at a time, for the tests, and
// returns the function that restores it.
func SetRedecodeChunk(n int) func() {
	old := redecodeChunkSize
	redecodeChunkSize = n
	return func() { redecodeChunkSize = old }
}
