// Reads a license with License3j's own reader and checks it with License3j's own signature check.
// Usage: java -cp license3j.jar VerifyLicense.java <license-base64-file> <public-key-pem-file>
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import javax0.license3j.License;
import javax0.license3j.io.IOFormat;
import javax0.license3j.io.LicenseReader;

public class VerifyLicense {
  public static void main(String[] args) throws Exception {
    byte[] bytes = Base64.getDecoder().decode(Files.readString(Path.of(args[0])).trim());
    String pem = Files.readString(Path.of(args[1])).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
    License license;
    try (LicenseReader reader = new LicenseReader(new ByteArrayInputStream(bytes))) {
      license = reader.read(IOFormat.BINARY);
    }
    System.out.println("ok=" + license.isOK(key));
    System.out.println("expired=" + license.isExpired());
    for (String name : new String[] {"company", "email", "tier", "packs", "features", "signatureDigest"}) {
      System.out.println(name + "=" + license.get(name).getString());
    }
    System.out.println("licenseId=" + license.get("licenseId").getUUID());
    System.out.println("expiryDate=" + license.get("expiryDate").getDate().getTime());
  }
}
