/// The way a handler answers one request, now or later, from any thread.
///
/// Responses go out in the order their requests arrived, whatever order handlers answer in.
/// Answering twice sends only the first answer.
public struct Responder: Sendable {
    let connection: ServerConnection
    let sequence: Int

    /// Sends `response` for this request.
    public func respond(_ response: HTTPResponse) {
        let loop = connection.loop
        if loop.inLoop {
            connection.complete(sequence, response)
        } else {
            let connection = connection
            let sequence = sequence
            loop.execute { connection.complete(sequence, response) }
        }
    }
}
