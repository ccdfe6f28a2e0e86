import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { FaultlineError } from '../../src/errors/index.js';
import { renderEgressRules, renderIngressRules, renderTeleportIngressRules } from '../render/security-rules.js';

export interface NetworkArgs {
  /** CIDR of the environment's VPC. */
  readonly vpcCidr: pulumi.Input<string>;
  /** CIDR of the single public subnet (inside vpcCidr). */
  readonly subnetCidr: pulumi.Input<string>;
  /** Who may reach SSH/API/HTTPS. Empty: nobody. */
  readonly allowedCidrs: readonly string[];
  /** Permit 0.0.0.0/0 in allowedCidrs (explicit opt-in). */
  readonly allowWorldIngress: boolean;
  /** Teleport agentless: the proxy's addresses, allowed to SSH (22) only. */
  readonly teleportProxyCidrs?: readonly string[];
  /** The node's instance type: the subnet goes into an availability zone that offers it. */
  readonly instanceType: pulumi.Input<string>;
  /** Tags for every resource (faultline:* included). */
  readonly tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** VPC, public subnet, internet gateway, route table and the node's security group. */
export class Network extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  readonly subnetId: pulumi.Output<string>;
  readonly securityGroupId: pulumi.Output<string>;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super('faultline:aws:Network', name, {}, opts);
    const parts = createNetwork(name, args, this);
    this.vpcId = parts.vpc.id;
    this.subnetId = parts.subnet.id;
    this.securityGroupId = parts.securityGroup.id;
    this.registerOutputs({ vpcId: this.vpcId, subnetId: this.subnetId, securityGroupId: this.securityGroupId });
  }
}

/** The first availability zone (by name, so the choice is stable) that offers the instance type. */
export function pickAvailabilityZone(instanceType: pulumi.Input<string>, opts: pulumi.InvokeOutputOptions): pulumi.Output<string> {
  return pulumi.output(instanceType).apply((type) =>
    aws.ec2
      .getInstanceTypeOfferingsOutput({ locationType: 'availability-zone', filters: [{ name: 'instance-type', values: [type] }] }, opts)
      .locations.apply((zones) => {
        const [first] = [...zones].sort();
        if (first === undefined) {
          throw new FaultlineError('INVALID_CONFIG', `No availability zone of this region offers instance type ${type}`, {
            hint: 'Pick another aws.instanceType (e.g. t3.large) or another aws.region.',
          });
        }
        return first;
      }),
  );
}

/** Create the network's children under `parent`. */
export function createNetwork(name: string, args: NetworkArgs, parent: pulumi.Resource) {
  const opts = { parent };
  const availabilityZone = pickAvailabilityZone(args.instanceType, opts);
  const vpc = new aws.ec2.Vpc(`${name}-vpc`, { cidrBlock: args.vpcCidr, enableDnsHostnames: true, enableDnsSupport: true, tags: args.tags }, opts);
  const subnet = new aws.ec2.Subnet(
    `${name}-subnet`,
    { vpcId: vpc.id, cidrBlock: args.subnetCidr, availabilityZone, mapPublicIpOnLaunch: false, tags: args.tags },
    opts,
  );
  const gateway = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: args.tags }, opts);
  const routeTable = new aws.ec2.RouteTable(
    `${name}-rt`,
    { vpcId: vpc.id, routes: [{ cidrBlock: '0.0.0.0/0', gatewayId: gateway.id }], tags: args.tags },
    opts,
  );
  new aws.ec2.RouteTableAssociation(`${name}-rta`, { subnetId: subnet.id, routeTableId: routeTable.id }, opts);
  const securityGroup = new aws.ec2.SecurityGroup(
    `${name}-sg`,
    {
      vpcId: vpc.id,
      description: 'faultline node: ingress only from allowed CIDRs',
      ingress: [...renderIngressRules(args.allowedCidrs, args.allowWorldIngress), ...renderTeleportIngressRules(args.teleportProxyCidrs ?? [], args.allowWorldIngress)],
      egress: renderEgressRules(),
      tags: args.tags,
    },
    opts,
  );
  return { vpc, subnet, gateway, routeTable, securityGroup };
}
