metadata description = 'Flex Consumption (FC1, Linux) function app running the dotnet-isolated worker, with identity-based connections only.'

@description('Required. Azure region of the plan and the app.')
param location string

@description('Required. Tags applied to every resource.')
param tags object

@description('Required. azd service name the app is tagged with; must match azure.yaml.')
param serviceName string

@description('Required. Name of the Flex Consumption plan.')
@minLength(1)
@maxLength(60)
param planName string

@description('Required. Name of the function app (also its host name prefix).')
@minLength(2)
@maxLength(60)
param functionAppName string

@description('Required. Resource id of the app\'s user-assigned identity.')
param identityId string

@description('Required. Client id of the app\'s user-assigned identity.')
param identityClientId string

@description('Required. Blob endpoint of the storage account (ends with a slash).')
param blobEndpoint string

@description('Required. Queue endpoint of the storage account.')
param queueEndpoint string

@description('Required. Table endpoint of the storage account.')
param tableEndpoint string

@description('Required. Blob container holding the deployment package.')
param deploymentContainerName string

@description('Required. Application Insights connection string (carries no credential: local auth is off).')
param appInsightsConnectionString string

@description('Required. ACS data-plane endpoint.')
param acsEndpoint string

@description('Optional. ACS sender ids (E.164 numbers, short codes, alphanumeric ids) bought outside Bicep.')
param acsSenderIds string[] = []

@description('Required. Key for HMAC-hashing phone numbers, or a Key Vault reference "@Microsoft.KeyVault(SecretUri=...)" to it.')
@secure()
param phoneHashSecret string

@description('Optional. .NET version of the dotnet-isolated worker.')
param runtimeVersion string = '10.0'

@description('Optional. Memory per instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Optional. Upper bound on instances the app scales out to: 40, the lowest Flex Consumption takes, since sends are bounded by the sender numbers\' limits, not by instances (docs/DEPLOY.md).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

// Arrays bind in .NET configuration as indexed keys: Acs:SenderIds:0, Acs:SenderIds:1, ...
var senderIdSettings = toObject(range(0, length(acsSenderIds)), i => 'Acs__SenderIds__${i}', i => acsSenderIds[i])

var baseSettings = {
  // Functions host storage over Entra ID: no connection string, no key.
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AzureWebJobsStorage__blobServiceUri: blobEndpoint
  AzureWebJobsStorage__queueServiceUri: queueEndpoint
  AzureWebJobsStorage__tableServiceUri: tableEndpoint
  // DefaultAzureCredential in the app's own clients (tables, queues, blobs, ACS) picks this identity.
  AZURE_CLIENT_ID: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=${identityClientId}'
  Acs__Endpoint: acsEndpoint
  Dunning__PhoneHashSecret: phoneHashSecret
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    // Linux.
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' = {
  name: functionAppName
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    publicNetworkAccess: 'Enabled'
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: runtimeVersion
      }
    }
  }
}

// Flex Consumption sets FUNCTIONS_WORKER_RUNTIME and the extension version itself and rejects them here.
resource appSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: union(baseSettings, senderIdSettings)
}

// No publishing passwords: azd deploys with an Entra token.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

@description('Resource name of the function app.')
output functionAppName string = functionApp.name

@description('Resource id of the function app.')
output functionAppId string = functionApp.id

@description('Default host name of the function app.')
output defaultHostName string = functionApp.properties.defaultHostName
