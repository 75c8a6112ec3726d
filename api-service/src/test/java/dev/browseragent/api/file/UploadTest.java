package dev.browseragent.api.file;

import dev.browseragent.api.support.TestAccounts;
import dev.browseragent.api.testing.SignedUrlsForTests;
import dev.browseragent.embedded.quarkus.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.browseragent.api.support.TestAccounts.withKey;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Presigned uploads: the URL, the PUT, the v1 type and size limits, and the signature rules. */
@QuarkusTest
class UploadTest {

    private static final String MB10_LIMIT_DETAIL = "File too large: at most 10 MB a file";

    @Test
    void aPresignedUrlTakesTheBytesWithoutAKeyAndAReuploadReplacesThem() throws Exception {
        String key = TestAccounts.create().key();
        String url = presign(key, "report.csv", "text/csv")
                .statusCode(200).contentType(ContentType.JSON)
                .body("upload_url", matchesPattern("http://127\\.0\\.0\\.1:8080/files/uploads/[0-9a-f-]{36}/report\\.csv"
                        + "\\?expires=\\d+&content_type=text%2Fcsv&signature=[A-Za-z0-9_-]+"))
                .extract().path("upload_url");

        put(url, "text/csv", "a,b\n1,2\n".getBytes()).statusCode(200).contentType(ContentType.JSON).body(equalTo("{}"));
        assertEquals(List.of("report.csv|text/csv|8"), uploadsOf(key));
        byte[] first = storedBytes(key, "report.csv");
        assertArrayEquals("a,b\n1,2\n".getBytes(), first);

        String again = presign(key, "report.csv", "text/csv").statusCode(200).extract().path("upload_url");
        put(again, "text/csv; charset=utf-8", "c\n3\n".getBytes()).statusCode(200);
        assertEquals(List.of("report.csv|text/csv|4"), uploadsOf(key));
        assertArrayEquals("c\n3\n".getBytes(), storedBytes(key, "report.csv"));
        assertEquals(1, countStoredObjects(key), "the replaced upload's bytes are gone");
    }

    @Test
    void everyV1FileTypeIsAcceptedInAnyCase() throws Exception {
        String key = TestAccounts.create().key();
        for (String extension : UploadRules.EXTENSIONS) {
            presign(key, "file" + extension.toUpperCase(), "application/octet-stream").statusCode(200);
            presign(key, "file" + extension, "application/octet-stream").statusCode(200);
        }
    }

    @Test
    void badNamesAndTypesAre422WithTheField() throws Exception {
        String key = TestAccounts.create().key();
        String typeMessage = "file type not allowed; allowed: .txt .csv .json .xml .html .md .jpg .jpeg .png .gif .webp"
                + " .pdf .doc .docx .xls .xlsx .ppt .pptx";
        String plainName = "file name must be a plain name, without path separators or control characters";
        expectFileNameProblem(key, "run.exe", typeMessage);
        expectFileNameProblem(key, "notes", typeMessage);
        expectFileNameProblem(key, "notes.txt.sh", typeMessage);
        expectFileNameProblem(key, "../notes.txt", plainName);
        expectFileNameProblem(key, "dir\\\\notes.txt", plainName);
        expectFileNameProblem(key, "no\\u0000tes.txt", plainName);
        expectFileNameProblem(key, "", "file name must have 1 to 255 characters");
        expectFileNameProblem(key, "x".repeat(252) + ".txt", "file name must have 1 to 255 characters");
        presign(key, "x".repeat(251) + ".txt", "text/plain").statusCode(200);

        withKey(key).contentType(ContentType.JSON)
                .body("{\"file_name\": \"a.txt\", \"content_type\": \"not a type\"}")
                .when().post("/api/v1/uploads/presigned-url")
                .then().statusCode(422)
                .body("detail", hasSize(1))
                .body("detail[0].loc", equalTo(List.of("body", "content_type")))
                .body("detail[0].msg", equalTo("not a valid content type (type/subtype)"));
        withKey(key).contentType(ContentType.JSON)
                .body("{}")
                .when().post("/api/v1/uploads/presigned-url")
                .then().statusCode(422)
                .body("detail", hasSize(2))
                .body("detail[0].loc", equalTo(List.of("body", "content_type")))
                .body("detail[0].msg", equalTo("field required"))
                .body("detail[1].loc", equalTo(List.of("body", "file_name")))
                .body("detail[1].type", equalTo("value_error.missing"));
    }

    @Test
    void presigningNeedsAKey() {
        given().contentType(ContentType.JSON).body("{\"file_name\": \"a.txt\", \"content_type\": \"text/plain\"}")
                .when().post("/api/v1/uploads/presigned-url")
                .then().statusCode(401).body("detail", equalTo("Invalid or missing API key"));
    }

    @Test
    void tenMegabytesAreTheLimitOfAFile() throws Exception {
        String key = TestAccounts.create().key();
        byte[] limit = new byte[10 * 1024 * 1024];
        Arrays.fill(limit, (byte) 'x');
        put(presign(key, "big.txt", "text/plain").extract().path("upload_url"), "text/plain", limit).statusCode(200);
        assertEquals(List.of("big.txt|text/plain|10485760"), uploadsOf(key));

        byte[] over = Arrays.copyOf(limit, limit.length + 1);
        put(presign(key, "bigger.txt", "text/plain").extract().path("upload_url"), "text/plain", over)
                .statusCode(413).contentType(ContentType.JSON).body("detail", equalTo(MB10_LIMIT_DETAIL));
        assertEquals(List.of("big.txt|text/plain|10485760"), uploadsOf(key));
    }

    @Test
    void aTamperedExpiredOrWronglyTypedUploadIsRefused() throws Exception {
        String key = TestAccounts.create().key();
        String url = presign(key, "a.txt", "text/plain").extract().path("upload_url");

        put(url.replace("/a.txt?", "/b.txt?"), "text/plain", new byte[]{1})
                .statusCode(403).contentType(ContentType.JSON).body("detail", equalTo("Invalid URL signature"));
        put(url.replace("content_type=text%2Fplain", "content_type=text%2Fhtml"), "text/html", new byte[]{1})
                .statusCode(403).body("detail", equalTo("Invalid URL signature"));
        put(url.substring(0, url.indexOf("&signature=")), "text/plain", new byte[]{1})
                .statusCode(403).body("detail", equalTo("Invalid URL signature"));
        put(url, "image/png", new byte[]{1})
                .statusCode(403).body("detail", equalTo("The Content-Type must be text/plain, as declared for this upload URL"));

        String path = URI.create(url).getPath();
        long past = Instant.now().minusSeconds(1).getEpochSecond();
        String expired = "http://127.0.0.1:8080" + path + "?expires=" + past + "&content_type=text%2Fplain&signature="
                + SignedUrlsForTests.sign("PUT", path, past, "text/plain");
        put(expired, "text/plain", new byte[]{1}).statusCode(403).body("detail", equalTo("This URL has expired"));
        assertEquals(List.of(), uploadsOf(key));

        put(url, "text/plain", new byte[]{1}).statusCode(200);
        given().when().get(SignedUrlsForTests.local(url)).then().statusCode(403).body("detail", equalTo("Invalid URL signature"));
    }

    private static void expectFileNameProblem(String key, String fileNameJson, String message) {
        withKey(key).contentType(ContentType.JSON)
                .body("{\"file_name\": \"" + fileNameJson + "\", \"content_type\": \"text/plain\"}")
                .when().post("/api/v1/uploads/presigned-url")
                .then().statusCode(422).contentType(ContentType.JSON)
                .body("detail", hasSize(1))
                .body("detail[0].loc", equalTo(List.of("body", "file_name")))
                .body("detail[0].msg", equalTo(message))
                .body("detail[0].type", equalTo("value_error.file_name"));
    }

    static ValidatableResponse presign(String key, String fileName, String contentType) {
        return withKey(key).contentType(ContentType.JSON)
                .body("{\"file_name\": \"" + fileName + "\", \"content_type\": \"" + contentType + "\"}")
                .when().post("/api/v1/uploads/presigned-url")
                .then();
    }

    static ValidatableResponse put(String handedOutUrl, String contentType, byte[] content) {
        return given().urlEncodingEnabled(false).contentType(contentType).body(content)
                .when().put(SignedUrlsForTests.local(handedOutUrl))
                .then();
    }

    private static List<String> uploadsOf(String key) throws Exception {
        try (Connection connection = PostgresTestResource.connect();
             PreparedStatement select = connection.prepareStatement("""
                     select f.file_name, f.content_type, f.size_bytes from files f join api_keys k on k.account_id = f.account_id
                     where k.key_hash = ? and f.task_id is null order by f.file_name""")) {
            select.setString(1, dev.browseragent.api.auth.ApiKeys.hash(key));
            List<String> rows = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    rows.add(row.getString(1) + "|" + row.getString(2) + "|" + row.getLong(3));
                }
            }
            return rows;
        }
    }

    private static byte[] storedBytes(String key, String fileName) throws Exception {
        try (Connection connection = PostgresTestResource.connect();
             PreparedStatement select = connection.prepareStatement("""
                     select o.content from files f join api_keys k on k.account_id = f.account_id
                     join stored_objects o on o.storage_key = f.storage_key
                     where k.key_hash = ? and f.file_name = ? and f.task_id is null""")) {
            select.setString(1, dev.browseragent.api.auth.ApiKeys.hash(key));
            select.setString(2, fileName);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getBytes(1);
            }
        }
    }

    private static int countStoredObjects(String key) throws Exception {
        try (Connection connection = PostgresTestResource.connect();
             PreparedStatement select = connection.prepareStatement("""
                     select count(*) from stored_objects o join api_keys k
                     on o.storage_key like 'uploads/' || k.account_id || '/%' where k.key_hash = ?""")) {
            select.setString(1, dev.browseragent.api.auth.ApiKeys.hash(key));
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

}
