extension UInt8 {
    /// The value of an ASCII hexadecimal digit (`0`–`9`, `a`–`f`, `A`–`F`), or nil.
    var hexDigitValue: UInt32? {
        switch self {
        case 0x30...0x39: return UInt32(self - 0x30)
        case 0x61...0x66: return UInt32(self - 0x61 + 10)
        case 0x41...0x46: return UInt32(self - 0x41 + 10)
        default: return nil
        }
    }
}
