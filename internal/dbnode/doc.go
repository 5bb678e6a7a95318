// Package dbnode knows what an Oracle Base Database Service DB node
// understands: it builds the shell command lines the patch workflow sends
// (dbcli, crsctl, srvctl, systemctl, dnf, ...) and reads what they print.
//
// Everything here is a pure function of its input. Running the commands is
// the transport's job; deciding what to do with the answers is the
// engine's. Parsers tolerate the noise real hosts add (login banners,
// WARNING lines, CRLF from a PTY, trailing blanks, extra JSON fields) and
// reject output they cannot read with an error that quotes it.
package dbnode
