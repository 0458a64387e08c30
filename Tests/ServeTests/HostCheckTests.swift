@testable import Classroom
import Testing

/// Which Host names the server answers to, by how it listens (`HostCheck`); the server's own
/// answers are in `SafetyTests`.
@Suite struct HostCheckTests {
    @Test func onLoopbackOnlyLoopbackAddressesAndLocalhostAreTheServers() {
        let check = HostCheck(host: "127.0.0.1", port: 8000, allowedNames: [])
        for name in ["localhost", "127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"] { #expect(check.accepts(name), "\(name)") }
        for name in ["attacker.example", "10.0.0.1", "::2", "0.0.0.0", "localhost.attacker.example", "127.0.0.1.nip.io"] {
            #expect(!check.accepts(name), "\(name)")
        }
    }

    @Test func onANetworkAnyAddressIsTheServersButOnlyTheNamesItWasGiven() {
        let check = HostCheck(host: "0.0.0.0", port: 8000, allowedNames: ["Teacher.local"])
        for name in ["localhost", "127.0.0.1", "192.168.1.20", "10.0.0.1", "fe80::1", "teacher.local"] { #expect(check.accepts(name), "\(name)") }
        for name in ["attacker.example", "teacher.local.attacker.example", "otherhost"] { #expect(!check.accepts(name), "\(name)") }
        // Bound to a name, that name is the server's too.
        #expect(HostCheck(host: "classroom.lan", port: 8000, allowedNames: []).accepts("classroom.lan"))
        #expect(!HostCheck(host: "classroom.lan", port: 8000, allowedNames: []).loopbackOnly)
        #expect(HostCheck(host: "localhost", port: 8000, allowedNames: []).loopbackOnly)
        #expect(HostCheck(host: "::1", port: 8000, allowedNames: []).loopbackOnly)
    }

    @Test func aHostHeaderIsANameOrAnAddressAndAPort() {
        #expect(HostCheck.split("LocalHost:8000")! == ("localhost", 8000))
        #expect(HostCheck.split("127.0.0.1")! == ("127.0.0.1", nil))
        #expect(HostCheck.split("[::1]:80")! == ("::1", 80))
        #expect(HostCheck.split("[::1]")! == ("::1", nil))
        for bad in ["", ":80", "host:", "host:x", "host:123456", "host:80:90", "[::1", "[::1]x", "[nothost]:80", "a b", "a/b", "[::1]:"] {
            #expect(HostCheck.split(bad) == nil, "\(bad)")
        }
    }
}
