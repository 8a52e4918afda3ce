import { describe } from 'vitest'
import { errorCases } from './cases/errors'
import { requestTranslationCases } from './cases/request-translation'
import { responseCases } from './cases/responses'
import { DRIVERS } from './drivers'
import { useConformanceGateway } from './harness'

// One suite, every chat provider, through one gateway in workerd with the official openai SDK.
const providerFor = useConformanceGateway(DRIVERS)

describe.each(DRIVERS)('$name', (driver) => {
  const provider = () => providerFor(driver)
  describe('request translation (#echo)', () => requestTranslationCases(driver, provider))
  describe('responses', () => responseCases(driver, provider))
  describe('errors', () => errorCases(driver, provider))
})
