metadata description = 'Azure Communication Services resource for SMS. Phone numbers and short codes are bought outside Bicep and passed to the app as sender ids.'

@description('Required. Tags applied to every resource.')
param tags object

@description('Required. Name of the Communication Services resource (globally unique).')
@minLength(1)
@maxLength(63)
param communicationServiceName string

@description('Required. Geography where ACS stores data at rest, e.g. "United States", "Europe", "Asia Pacific".')
param dataLocation string

resource communication 'Microsoft.Communication/communicationServices@2025-09-01' = {
  name: communicationServiceName
  // Communication Services is a global resource; its data residency is dataLocation.
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    // Access keys (HMAC) are off: the app authenticates with its managed identity.
    disableLocalAuth: true
  }
}

@description('Resource name of the Communication Services resource.')
output communicationServiceName string = communication.name

@description('Resource id of the Communication Services resource.')
output communicationServiceId string = communication.id

@description('Data-plane endpoint, https://<name>.<region>.communication.azure.com.')
output endpoint string = 'https://${communication.properties.hostName}'
