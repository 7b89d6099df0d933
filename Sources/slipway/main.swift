import Foundation

print("slipway: usage: slipway COMMAND [OPTIONS]")
