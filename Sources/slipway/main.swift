import Foundation

exit(await Slipway.main(Array(CommandLine.arguments.dropFirst())).rawValue)
