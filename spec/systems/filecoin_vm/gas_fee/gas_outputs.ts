// Spec section: Systems › Filecoin VM › Gas Fee, "Charging a message". How the funds a sender
// put up (GasLimit × GasFeeCap) are split once the message ran (Lotus chain/vm/burn.go
// `ComputeGasOutputs`): base fee burn, over-estimation burn, miner tip, and refund.

/** Over-estimation is tolerated up to 11/10 of the gas used. */
export const GAS_OVERUSE_NUM = 11n
export const GAS_OVERUSE_DENOM = 10n

/** The split of a message's gas funds, all in attoFIL except the two gas counts. */
export interface GasOutputs {
  readonly baseFeeBurn: bigint
  readonly overEstimationBurn: bigint
  /** Charged to the block's miner, not the sender: base fee above the fee cap, and penalties. */
  readonly minerPenalty: bigint
  readonly minerTip: bigint
  readonly refund: bigint
  readonly gasRefund: bigint
  readonly gasBurned: bigint
}

/**
 * Gas refunded and gas burnt for a limit above the gas used: nothing is burnt up to 10% over;
 * beyond, a growing share of the unused gas is burnt, all of it from twice the gas used on.
 * Integer division truncates as Go's big.Int Div does for these non-negative values.
 */
export function computeGasOverestimationBurn(gasUsed: bigint, gasLimit: bigint): { refund: bigint; burn: bigint } {
  if (gasUsed === 0n) return { refund: 0n, burn: gasLimit }
  let over = gasLimit - (GAS_OVERUSE_NUM * gasUsed) / GAS_OVERUSE_DENOM
  if (over < 0n) return { refund: gasLimit - gasUsed, burn: 0n }
  if (over > gasUsed) over = gasUsed
  const burn = ((gasLimit - gasUsed) * over) / gasUsed
  return { refund: gasLimit - gasUsed - burn, burn }
}

/** Lotus `ComputeGasOutputs`, term by term. */
export function computeGasOutputs(gasUsed: bigint, gasLimit: bigint, baseFee: bigint, feeCap: bigint, premium: bigint): GasOutputs {
  let minerPenalty = 0n
  let baseFeeToPay = baseFee
  if (baseFee > feeCap) {
    baseFeeToPay = feeCap
    minerPenalty = (baseFee - feeCap) * gasUsed
  }
  const baseFeeBurn = baseFeeToPay * gasUsed
  const tipPerGas = baseFeeToPay + premium > feeCap ? feeCap - baseFeeToPay : premium
  const minerTip = tipPerGas * gasLimit
  const { refund: gasRefund, burn: gasBurned } = computeGasOverestimationBurn(gasUsed, gasLimit)
  let overEstimationBurn = 0n
  if (gasBurned !== 0n) {
    overEstimationBurn = baseFeeToPay * gasBurned
    minerPenalty += (baseFee - baseFeeToPay) * gasBurned
  }
  const refund = gasLimit * feeCap - baseFeeBurn - minerTip - overEstimationBurn
  return { baseFeeBurn, overEstimationBurn, minerPenalty, minerTip, refund, gasRefund, gasBurned }
}
