import Foundation

/// OpenSSH's `ssh-keygen`, run with an argv array (never through a shell), standard input read
/// from a file and output captured in files of a private folder.
struct SSHKeygen: Sendable {
    /// How one run ended.
    struct Outcome: Sendable {
        var status: Int32
        var output: String
        var errorOutput: String

        /// Both outputs on one line, as a reason.
        var said: String {
            (errorOutput + "\n" + output).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }.joined(separator: "; ")
        }
    }

    /// The program's path.
    let executable: String

    /// `ssh-keygen` from `PATH`.
    static func locate(path: String = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin") throws -> SSHKeygen {
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = String(folder) + "/ssh-keygen"
            if FileManager.default.isExecutableFile(atPath: candidate) { return SSHKeygen(executable: candidate) }
        }
        throw SignatureCheckError(message: "ssh-keygen was not found on PATH (\(path)); approvals' signatures cannot be checked without it. Install OpenSSH's client (Debian: apt-get install openssh-client)")
    }

    /// Runs `ssh-keygen ARGUMENTS` in `folder` with standard input from the file `input` (or /dev/null).
    func run(_ arguments: [String], input: String? = nil, in folder: PrivateFolder) async throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        // UTC, so that the times ssh-keygen quotes in its reasons read the same on every machine.
        process.environment = ["PATH": "/usr/bin:/bin", "LC_ALL": "C", "TZ": "UTC"]
        let run = UUID().uuidString.prefix(8)
        let outputFile = try folder.write("out-\(run)", [])
        let errorFile = try folder.write("err-\(run)", [])
        guard let stdin = FileHandle(forReadingAtPath: input ?? "/dev/null"),
              let stdout = FileHandle(forWritingAtPath: outputFile),
              let stderr = FileHandle(forWritingAtPath: errorFile) else {
            throw SignatureCheckError(message: "cannot open the files for ssh-keygen in \(folder.path)")
        }
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: SignatureCheckError(message: "cannot start \(executable): \(error.localizedDescription)"))
            }
        }
        for handle in [stdin, stdout, stderr] { try? handle.close() }
        return Outcome(status: status,
                       output: (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? "",
                       errorOutput: (try? String(contentsOfFile: errorFile, encoding: .utf8)) ?? "")
    }
}
