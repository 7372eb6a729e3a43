package dev.evctl.core.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class AwsIamLoginTest {

    @Test
    void mskBrokerNamesCarryTheirRegionOtherNamesDoNot() {
        assertTrue(AwsIamLogin.namesMskBrokers("b-1.prod.x1y2z3.c2.kafka.eu-west-1.amazonaws.com:9098"));
        assertTrue(AwsIamLogin.namesMskBrokers(
                "b-1.p.a.c2.kafka.us-east-1.amazonaws.com:9098," + " b-2.p.a.c2.kafka.us-east-1.amazonaws.com:9098"));
        assertTrue(AwsIamLogin.namesMskBrokers("boot-abc.c1.kafka-serverless.ap-southeast-2.amazonaws.com:9098"));
        assertTrue(AwsIamLogin.namesMskBrokers("b-1.p.a.c2.kafka.cn-north-1.amazonaws.com.cn:9098"));
        assertFalse(AwsIamLogin.namesMskBrokers("kafka-1:9098"));
        assertFalse(AwsIamLogin.namesMskBrokers("b-1.p.a.c2.kafka.eu-west-1.amazonaws.com:9098,kafka-1:9098"));
        assertFalse(AwsIamLogin.namesMskBrokers("kafka.eu-west-1.amazonaws.com.evil.example:9098"));
    }

    @Test
    void theContextPropertiesNameAmazonsLoginAndKeepTheRegionForTheJvm() {
        Map<String, String> p =
                new AwsIamLogin("eu-west-1", "ops", "arn:aws:iam::123456789012:role/kafka").kafkaProperties(null);
        assertEquals("SASL_SSL", p.get("security.protocol"));
        assertEquals("AWS_MSK_IAM", p.get("sasl.mechanism"));
        assertEquals(
                "software.amazon.msk.auth.iam.IAMClientCallbackHandler", p.get("sasl.client.callback.handler.class"));
        assertEquals(
                "software.amazon.msk.auth.iam.IAMLoginModule required awsProfileName=\"ops\""
                        + " awsRoleArn=\"arn:aws:iam::123456789012:role/kafka\" awsRoleSessionName=\"evctl\""
                        + " awsStsRegion=\"eu-west-1\" awsAddDefaultProviders=\"false\";",
                p.get("sasl.jaas.config"));
        assertEquals("eu-west-1", p.get("aws.region"));
        assertEquals(
                "software.amazon.msk.auth.iam.IAMLoginModule required;",
                new AwsIamLogin(null, null, null)
                        .kafkaProperties("SASL_PLAINTEXT")
                        .get("sasl.jaas.config"));
    }

    @Test
    void theRegionIsNeverGivenToTheKafkaClient() {
        Properties plain = new Properties();
        plain.put("aws.region", "eu-west-1");
        AwsIam.prepare(plain);
        assertNull(plain.get("aws.region"), "not a Kafka setting, whatever the mechanism");
    }
}
