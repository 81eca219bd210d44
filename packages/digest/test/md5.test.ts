import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { md5Hex } from "../src/index.js";

const md5 = (text: string) => md5Hex(new TextEncoder().encode(text));

describe("md5 (RFC 1321)", () => {
  it("matches the RFC 1321 §A.5 test suite", () => {
    expect(md5("")).toBe("d41d8cd98f00b204e9800998ecf8427e");
    expect(md5("a")).toBe("0cc175b9c0f1b6a831c399e269772661");
    expect(md5("abc")).toBe("900150983cd24fb0d6963f7d28e17f72");
    expect(md5("message digest")).toBe("f96b697d7cb7938d525a2f31aaf161d0");
    expect(md5("abcdefghijklmnopqrstuvwxyz")).toBe("c3fcd3d76192e4007dfb496cca67e13b");
    expect(md5("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")).toBe(
      "d174ab98d277d9f5a5611c2c9f419d9f",
    );
    expect(md5("1234567890".repeat(8))).toBe("57edf4a22be3c955ac49da2e2107b67a");
  });

  it("agrees with node:crypto around the padding boundaries and on UTF-8 input", () => {
    for (const length of [55, 56, 57, 63, 64, 65, 119, 120, 128, 1000]) {
      const text = "é".repeat(length % 7) + "x".repeat(length);
      expect(md5(text)).toBe(createHash("md5").update(text).digest("hex"));
    }
  });
});
