"""Where TLS ends and which filter sits where: CloudFront, a load balancer and API Gateway with
ACM certificates, AWS WAF in front of API Gateway, and in the VPC a stateless network ACL
(subnet) and a stateful security group (instance)."""

from diagrams.aws.compute import EC2Instance
from diagrams.aws.general import User
from diagrams.aws.mobile import APIGateway
from diagrams.aws.network import CloudFront, ElbApplicationLoadBalancer, Nacl
from diagrams.aws.security import WAF, CertificateManager

from _flow import Flow

VPC = "VPC"
SUBNET = "VPC/Subnet (network ACL: stateless, subnet level)"

flow = Flow(
    "security-review-map",
    title="Security review map: TLS, WAF, network ACL, security group",
    caption="TLS ends at CloudFront, the load balancer or API Gateway (ACM certificates); AWS WAF filters requests before an API Gateway REST API stage; in the VPC a stateless network ACL guards the subnet and a stateful security group guards the instance.",
    alt=(
        "Map. A client connects over HTTPS to CloudFront, where TLS terminates with an ACM certificate. "
        "CloudFront forwards over HTTPS to an Application Load Balancer in a VPC, where TLS terminates again. "
        "Traffic into the subnet passes the network ACL, which is stateless and applies to the subnet, then the "
        "security group, which is stateful and applies to the instance. Separately, API calls pass AWS WAF "
        "before an API Gateway REST API stage, which terminates TLS with an ACM certificate."
    ),
    direction="TB",
)
flow.node("client", User, "Client", name="the client")
flow.node("cloudfront", CloudFront, "CloudFront\n(TLS ends here)", name="CloudFront")
flow.node("waf", WAF, "AWS WAF\n(web ACL)", name="AWS WAF")
flow.node("apigw", APIGateway, "API Gateway REST API\n(TLS ends here)", name="an API Gateway REST API")
flow.node("acm", CertificateManager, "ACM\ncertificates", name="ACM")
flow.node(
    "alb",
    ElbApplicationLoadBalancer,
    "Load balancer\n(HTTPS listener:\nTLS ends here)",
    cluster=VPC,
    name="the load balancer",
)
flow.node("nacl", Nacl, "Network ACL\n(stateless)", cluster=SUBNET, name="the network ACL")
flow.node("sg", None, "Security group\nstateful, per instance", cluster=SUBNET, name="the security group")
flow.node("instance", EC2Instance, "EC2 instance", cluster=SUBNET, name="the EC2 instance")

flow.step(
    "client",
    "cloudfront",
    "HTTPS",
    note="CloudFront presents an ACM certificate (for CloudFront it must be in us-east-1).",
)
flow.step("cloudfront", "alb", "HTTPS to\nthe origin")
flow.step(
    "alb",
    "nacl",
    "into the subnet",
    note="Network ACL rules are checked in number order, for traffic both in and out, and return traffic must be allowed explicitly.",
)
flow.step("nacl", "sg", "allowed")
flow.step(
    "sg",
    "instance",
    "allowed",
    note="Security groups only allow; return traffic of an allowed connection is let back automatically.",
)
flow.step("client", "waf", "API call (HTTPS)")
flow.step(
    "waf",
    "apigw",
    "allowed by\nweb ACL rules",
    note="AWS WAF is associated with a REST API stage and inspects requests before the API sees them; HTTP APIs cannot take a web ACL directly.",
)
flow.link("acm", "cloudfront")
flow.link("acm", "alb")
flow.link("acm", "apigw")
flow.render()
