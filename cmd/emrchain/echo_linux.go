package main

import "golang.org/x/sys/unix"

// echoOff turns the terminal's echo off and returns what restores it. The prompt is printed only
// after this: a passphrase typed (or pasted) the moment the prompt appears would otherwise be
// echoed before term.ReadPassword turns echo off itself.
func echoOff(fd int) (restore func(), err error) {
	t, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return nil, err
	}
	saved := *t
	t.Lflag &^= unix.ECHO
	t.Lflag |= unix.ICANON | unix.ISIG
	t.Iflag |= unix.ICRNL
	if err := unix.IoctlSetTermios(fd, unix.TCSETS, t); err != nil {
		return nil, err
	}
	return func() { _ = unix.IoctlSetTermios(fd, unix.TCSETS, &saved) }, nil
}
